package org.wsnn.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.wsnn.train.InputException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark contexts for wsnn training, opened only after the master URL has been checked: a URL Spark cannot
 * parse, a local thread count below 1 or a standalone master nobody answers at (a TCP connection attempt
 * with a {@value #CONNECT_TIMEOUT_MS} ms timeout per master) gets one line naming the URL, instead of
 * Spark's stack trace or its minute of retries. Local mode binds the driver to the loopback interface and
 * turns the web UI off.
 */
public final class SparkMasters {

    /** Timeout of the reachability check of a {@code spark://} master. */
    public static final int CONNECT_TIMEOUT_MS = 5000;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://([^,:/]+):(\\d+)(,[^,:/]+:\\d+)*");

    private SparkMasters() {
    }

    /**
     * Opens a Spark context.
     *
     * @param master  {@code local}, {@code local[N]}, {@code local[*]}, {@code spark://host:port}, {@code yarn},
     *                {@code k8s://https://host:port} or {@code mesos://host:port}
     * @param appName the application name Spark shows
     * @throws InputException for a master URL that cannot be parsed or reached
     */
    public static JavaSparkContext open(String master, String appName) {
        check(master);
        SparkConf conf = new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        return new JavaSparkContext(conf);
    }

    /**
     * The number of worker threads of a local master ({@code local[*]}: the machine's cores), or -1 for a
     * cluster master.
     */
    public static int localThreads(String master) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return -1;
        }
        if (m.group(2) == null) {
            return 1;
        }
        return m.group(2).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(2));
    }

    /**
     * Checks a master URL without starting Spark.
     *
     * @throws InputException naming the URL and what was expected
     */
    public static void check(String master) {
        if (master == null || master.isBlank()) {
            throw new InputException("Spark master: expected a URL such as local[2] or spark://host:7077, found "
                    + "nothing");
        }
        if (LOCAL.matcher(master).matches()) {
            if (localThreads(master) < 1) {
                throw new InputException("Spark master " + master + ": expected at least 1 local thread");
            }
            return;
        }
        Matcher standalone = STANDALONE.matcher(master);
        if (standalone.matches()) {
            String host = standalone.group(1);
            int port = Integer.parseInt(standalone.group(2));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                throw new InputException("Spark master " + master + " cannot be reached (" + host + ":" + port + ": "
                        + e.getMessage() + " within " + CONNECT_TIMEOUT_MS + " ms); is the master running?", e);
            }
            return;
        }
        if (master.equals("yarn") || master.startsWith("k8s://") || master.startsWith("mesos://")) {
            return;
        }
        throw new InputException("Spark master '" + master + "' cannot be parsed: expected local, local[N], "
                + "local[*], spark://host:port, yarn, k8s://https://host:port or mesos://host:port");
    }
}
