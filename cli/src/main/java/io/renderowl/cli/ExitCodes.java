package io.renderowl.cli;

/** Exit codes of owl. */
final class ExitCodes {
  static final int OK = 0;

  /** A run failed, or the engine could not start. */
  static final int FAILED = 1;

  /** Bad arguments or input. */
  static final int USAGE = 2;

  /** No such run. */
  static final int NOT_FOUND = 3;

  private ExitCodes() {}
}
