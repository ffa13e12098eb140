package io.bucketdigest.local;

import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Turns the handlers' structured log events into console lines: warnings and errors always, and the few INFO events
 * worth a line (batch summaries, test events). Per-event INFO lines stay in the JSON log file.
 */
final class HumanLogAppender extends AbstractAppender {

    private static final Set<String> INTERESTING_INFO =
            Set.of("ingest batch done", "s3:TestEvent acknowledged", "sweep done");

    private final Console console;

    private HumanLogAppender(Console console) {
        super("HumanConsole", null, null, true, Property.EMPTY_ARRAY);
        this.console = console;
    }

    static void install(Console console) {
        LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        HumanLogAppender appender = new HumanLogAppender(console);
        appender.start();
        configuration.addAppender(appender);
        LoggerConfig ours = configuration.getLoggerConfig("io.bucketdigest");
        ours.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        boolean warning = event.getLevel().isMoreSpecificThan(Level.WARN);
        if (!warning && !INTERESTING_INFO.contains(message)) {
            return;
        }
        StringBuilder line = new StringBuilder(warning ? event.getLevel().name() + " " : "").append(message);
        Object[] parameters = event.getMessage().getParameters();
        if (parameters != null) {
            for (Object parameter : parameters) {
                line.append(' ').append(parameter);
            }
        }
        String logger = event.getLoggerName();
        console.line(logger.contains(".digest.") ? "digest" : logger.contains(".ingest.") ? "ingest" : "local",
                line.toString());
    }
}
