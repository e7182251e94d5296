package io.renderowl.infra.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one logger of the embedded stack, so its lines read together. */
final class StackLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.renderowl.stack");

  private StackLog() {}

  static void info(String format, Object... args) {
    LOG.info(format, args);
  }

  static void warn(String format, Object... args) {
    LOG.warn(format, args);
  }
}
