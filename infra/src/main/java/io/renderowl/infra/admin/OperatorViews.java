package io.renderowl.infra.admin;

import io.renderowl.infra.pipeline.PageOf;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What an admin sees of all users: accounts, pipeline runs and renders, newest first. Every call
 * writes one row to the audit log (who looked, through what, at whose rows, with which filters, how
 * many rows), in the same transaction as the read. The callers check that the viewer is an admin;
 * these methods only record who it was.
 */
public interface OperatorViews {

  /** Run statuses an admin may filter by. */
  List<String> RUN_STATUSES = List.of("queued", "running", "completed", "failed");

  /** Render statuses an admin may filter by. */
  List<String> RENDER_STATUSES = List.of("queued", "rendering", "completed", "failed", "cancelled");

  PageOf<UserSummary> users(Viewer viewer, long offset, int limit);

  /**
   * @param userId only this user's runs, else everyone's
   * @param status only runs in this status (one of {@link #RUN_STATUSES}), else all
   */
  PageOf<RunSummary> runs(
      Viewer viewer, @Nullable UUID userId, @Nullable String status, long offset, int limit);

  /**
   * @param userId only this user's renders, else everyone's
   * @param status only renders in this status (one of {@link #RENDER_STATUSES}), else all
   */
  PageOf<RenderSummary> renders(
      Viewer viewer, @Nullable UUID userId, @Nullable String status, long offset, int limit);

  /** The newest audit rows of one admin (operators reviewing the log, tests). */
  List<AuditEntry> auditOf(UUID adminId, int limit);

  /**
   * Who is looking.
   *
   * @param adminId users.id of the admin
   * @param channel "api" or "cli"
   */
  record Viewer(UUID adminId, String channel) {
    public Viewer {
      channel = channel.toLowerCase(Locale.ROOT);
    }
  }

  /** An account as operators see it. */
  record UserSummary(
      UUID id,
      String email,
      @Nullable String name,
      String role,
      int creditsBalance,
      @Nullable Instant disabledAt,
      Instant createdAt) {}

  /** A pipeline run as operators see it. */
  record RunSummary(
      String runId,
      UUID userId,
      String topic,
      String status,
      String stage,
      @Nullable String message,
      @Nullable String errorMessage,
      Instant createdAt,
      @Nullable Instant completedAt) {}

  /** A render as operators see it. */
  record RenderSummary(
      UUID id,
      @Nullable String runId,
      UUID userId,
      @Nullable UUID timelineId,
      String status,
      String preset,
      int progress,
      @Nullable String errorMessage,
      Instant createdAt,
      @Nullable Instant completedAt) {}

  /** One row of the audit log. */
  record AuditEntry(
      UUID adminId,
      String action,
      String channel,
      @Nullable UUID targetUserId,
      @Nullable String filters,
      int rowCount,
      Instant createdAt) {}
}
