package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogFormatTest {

  @Test
  void theConsoleStaysPlainUnlessJsonIsAskedFor() {
    assertThat(OwlApplication.jsonLogs(null)).isFalse();
    assertThat(OwlApplication.jsonLogs(" ")).isFalse();
    assertThat(OwlApplication.jsonLogs("plain")).isFalse();
    assertThat(OwlApplication.jsonLogs("JSON")).isTrue();
  }

  @Test
  void anUnknownFormatIsRefusedWithTheVariablesName() {
    assertThatThrownBy(() -> OwlApplication.jsonLogs("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RENDEROWL_LOG_FORMAT must be plain or json (got 'xml')");
  }
}
