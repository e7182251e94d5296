package io.renderowl.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class BodySizeLimitFilterTest {

  @Test
  void bulkBatchesMayBeSixteenMebibytesEverythingElseOne() {
    assertThat(BodySizeLimitFilter.limitFor(new MockHttpServletRequest("POST", "/api/v1/batch")))
        .isEqualTo(16L * 1024 * 1024);
    assertThat(
            BodySizeLimitFilter.limitFor(new MockHttpServletRequest("POST", "/api/v1/pipelines")))
        .isEqualTo(1024 * 1024);
    assertThat(
            BodySizeLimitFilter.limitFor(
                new MockHttpServletRequest("POST", "/api/v1/batch/b-1/resume")))
        .isEqualTo(1024 * 1024);
  }
}
