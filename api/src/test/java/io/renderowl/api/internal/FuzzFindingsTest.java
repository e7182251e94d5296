package io.renderowl.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.web.MockHttpServletRequest;

/** What the API fuzzer found, each pinned where it is decided. */
class FuzzFindingsTest {

  @Test
  void aPageWhoseOffsetWouldOverflowIsRefusedNamingThePage() {
    assertThatThrownBy(() -> PageRequest.of(2_147_483_646, 20))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.error().status().value()).isEqualTo(400);
              assertThat(e.error().details())
                  .singleElement()
                  .satisfies(d -> assertThat(d.field()).isEqualTo("page"));
            });
    assertThat(PageRequest.of(Integer.MAX_VALUE / 100 + 1, 100).offset())
        .isLessThanOrEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aNulCharacterPostgresRefusesIsTheClientsErrorNotAServerError() {
    var refused =
        new DataIntegrityViolationException(
            "PreparedStatementCallback",
            new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));

    ApiError error = ApiExceptionResolver.errorFor(refused, new MockHttpServletRequest(), "req_1");

    assertThat(error.status().value()).isEqualTo(400);
    assertThat(error.message()).contains("NUL");
  }

  @Test
  void anotherDatabaseFailureStaysAnInternalError() {
    var broken =
        new DataIntegrityViolationException(
            "PreparedStatementCallback", new SQLException("relation does not exist", "42P01"));

    ApiError error = ApiExceptionResolver.errorFor(broken, new MockHttpServletRequest(), "req_1");

    assertThat(error.status().value()).isEqualTo(500);
  }

  @Test
  void nullTopicsInANewChannelAreAValidationErrorNamingTheField() {
    var body =
        new ChannelsController.ChannelBody(
            null,
            null,
            null,
            null,
            java.util.Arrays.asList("owls", null),
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            null,
            null,
            null);

    assertThatThrownBy(() -> body.toSpec("user-1"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.error().details())
                    .singleElement()
                    .satisfies(d -> assertThat(d.field()).isEqualTo("topics")));
  }

  @Test
  void tomcatsOwnBadRequestIsWrittenAsTheEnvelopesError() {
    assertThat(JsonErrorReportValve.errorFor(400).code()).isEqualTo("BAD_REQUEST");
    assertThat(JsonErrorReportValve.errorFor(400).status().value()).isEqualTo(400);
  }
}
