package io.renderowl.workflows;

import java.util.Map;

/**
 * What the platform handed back for an uploaded video, before it is posted.
 *
 * @param publicationId publications.id
 * @param handle the platform's id of the upload: YouTube video id, TikTok publish_id, Instagram
 *     container id, Facebook video id, X media id, LinkedIn video URN
 * @param details other values the later steps need (e.g. "upload_session")
 */
public record UploadedVideo(String publicationId, String handle, Map<String, String> details) {
  /**
   * The {@link #details()} key under which the workflow hands the status checks the id the posting
   * mutation answered (e.g. the Facebook video id), when it differs from the upload's handle.
   */
  public static final String POSTED_ID = "posted_id";

  public UploadedVideo {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
