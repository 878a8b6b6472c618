package org.wsnn.examples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsnn.examples.WsnnCommand;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wsnn benchmark-layer} on a tiny input (2×3×12×12): table lines and PNG, no timing asserted. */
class LayerBenchmarkCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WsnnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> tableRows(String out) {
        return out.lines().filter(l -> l.startsWith("| group") || l.startsWith("| lifting")).toList();
    }

    @Test
    void tinyRunInProcessPrintsTableAndWritesPng(@TempDir File dir) throws Exception {
        Run r = run("benchmark-layer", "--in-process", "--batch-size", "2", "--size", "12", "--group-sizes", "8",
                "--kernel-sizes", "3", "--warmup", "0", "--repeats", "1", "--out", dir.getPath());
        assertEquals(0, r.code(), "exit code\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
        assertTrue(r.out().contains("| layer | G | k | d | stack | parameters | cold ms (filters built)"), r.out());
        List<String> rows = tableRows(r.out());
        assertEquals(4, rows.size(), "group and lifting, fixed and learned:\n" + r.out());
        // parameters: W 3·3·d + b 3, plus (G − 1)·d² logits when learned; d = 8·9 = 72 (group), 9 (lifting)
        assertTrue(rows.get(0).startsWith("| group | 8 | 3 | 72 | C8 (fixed) | 651 | "), rows.get(0));
        assertTrue(rows.get(1).startsWith("| group | 8 | 3 | 72 | learned | 36,939 | "), rows.get(1));
        assertTrue(rows.get(2).startsWith("| lifting | 8 | 3 | 9 | C8 (fixed) | 84 | "), rows.get(2));
        assertTrue(rows.get(3).startsWith("| lifting | 8 | 3 | 9 | learned | 651 | "), rows.get(3));
        for (String row : rows) {
            assertEquals(13, row.split("\\|", -1).length, "11 cells between 12 bars: " + row);
            assertFalse(row.contains("failed"), row);
        }
        File png = new File(dir, LayerBenchmarkCommand.PNG_FILE);
        assertTrue(png.isFile() && png.length() > 1000, "PNG written: " + png);
        String table = Files.readString(new File(dir, LayerBenchmarkCommand.TABLE_FILE).toPath(), StandardCharsets.UTF_8);
        assertEquals(rows, tableRows(table), "table.md holds the printed rows");
    }

    @Test
    void freshJvmPerCase(@TempDir File dir) {
        Run r = run("benchmark-layer", "--layers", "group", "--batch-size", "2", "--size", "12", "--group-sizes", "4",
                "--kernel-sizes", "3", "--warmup", "0", "--repeats", "1", "--child-jvm-options", "-Xmx1g",
                "--out", dir.getPath());
        assertEquals(0, r.code(), "exit code\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
        List<String> rows = tableRows(r.out());
        assertEquals(2, rows.size(), r.out());
        assertTrue(rows.get(0).startsWith("| group | 4 | 3 | 36 | C4 (fixed) | 327 | "), rows.get(0));
        assertTrue(r.out().contains("one fresh JVM per row (-Xmx1g)"), r.out());
        assertTrue(r.err().contains("[2/2] group G=4 k=3 learned: layer-benchmark-result cold_ms="), r.err());
    }

    @Test
    void badGroupSizeIsOneLine() {
        Run r = run("benchmark-layer", "--group-sizes", "5");
        assertEquals(1, r.code(), r.err());
        assertEquals("wsnn benchmark-layer: --group-sizes expected 4, 8 or 16 (the orders of the fixed groups C4, C8,"
                + " C16), found 5", r.err().strip());
        assertTrue(run("benchmark-layer", "--kernel-sizes", "0").err().contains("--kernel-sizes expected 1..100"));
        assertTrue(run("benchmark-layer", "--layers", "dense").err().contains("--layers expected group or lifting, found dense"));
    }
}
