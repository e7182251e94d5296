package io.renderowl.activities.storage;

import java.nio.file.Path;

/** Turns a clip's {@code sourceUrl} into a local file the renderer can read. */
@FunctionalInterface
public interface MediaResolver {

  /**
   * @param sourceUrl the clip's media location, e.g. "s3://bucket/key"
   * @return a readable local file with that media
   */
  Path resolve(String sourceUrl);
}
