package dev.mob.runtime.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * mob's loggers. With an SLF4J provider on the class path (slf4j-simple, Logback, Log4j 2, ...)
 * they are that provider's; without one, SLF4J would drop everything, so mob's own messages at
 * INFO and above go to stderr instead, which the Kingpin prints with the process's prefix: a role
 * whose constructor throws is never just "exited with code 1".
 */
public final class Log {
    private static final boolean NO_PROVIDER = noProvider();

    private Log() {}

    public static Logger get(Class<?> type) {
        return NO_PROVIDER ? new Stderr(type.getName()) : LoggerFactory.getLogger(type);
    }

    private static boolean noProvider() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof NOPLoggerFactory;
    }

    /** INFO, WARN and ERROR to stderr, one line each (plus the stack of a throwable). */
    private static final class Stderr extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final String shortName;

        Stderr(String name) {
            this.name = name;
            this.shortName = name.substring(name.lastIndexOf('.') + 1);
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable throwable) {
            StringBuilder line = new StringBuilder("[").append(Thread.currentThread().getName()).append("] ")
                    .append(level).append(" mob ").append(shortName).append(" - ")
                    .append(MessageFormatter.basicArrayFormat(pattern, args));
            synchronized (System.err) {
                System.err.println(line);
                if (throwable != null) {
                    throwable.printStackTrace(System.err);
                }
            }
        }
    }
}
