package org.wsnn.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's logback.xml parses without errors (an XML mistake there silently turns the CLI's
 * logging into logback's fallback) and keeps DL4J, ND4J and Spark at WARN.
 */
class LoggingConfigurationTest {

    @Test
    void theCommandLinesLogbackConfigurationLoadsCleanly() throws Exception {
        URL config = Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "logback.xml")
                .toUri().toURL();
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        StatusUtil status = new StatusUtil(context);
        assertTrue(status.getHighestLevel(0) < Status.ERROR, "logback.xml has errors: "
                + context.getStatusManager().getCopyOfStatusList());
        for (String name : new String[]{"org.nd4j", "org.deeplearning4j", "org.apache.spark"}) {
            assertEquals(Level.WARN, context.getLogger(name).getLevel(), name);
        }
    }
}
