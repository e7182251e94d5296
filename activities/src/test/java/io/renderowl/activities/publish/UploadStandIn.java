package io.renderowl.activities.publish;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A platform's resumable upload, served by a WireMock stand-in on loopback that keeps every session
 * and byte: what a scenario that interrupts an upload checks afterwards, the same for every
 * platform.
 */
public interface UploadStandIn {
  /** In {@link Session#offsets()}: a request that asked the session where it stands. */
  long STATUS_QUERY = -1;

  /** One upload session as the platform holds it. */
  interface Session {
    String path();

    long received();

    byte[] bytes();

    /**
     * Every request to the session, in order: a chunk as the offset of its first byte, a status
     * query as {@link #STATUS_QUERY}.
     */
    List<Long> offsets();
  }

  /**
   * What every stand-in keeps of a session: its path, the bytes it took and each request's offset;
   * a platform's session adds what its protocol needs (a declared length, the ranges as sent).
   */
  abstract class RecordedSession implements Session {
    private final String path;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Long> offsets = new ArrayList<>();

    protected RecordedSession(String path) {
      this.path = path;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public synchronized long received() {
      return bytes.size();
    }

    @Override
    public synchronized byte[] bytes() {
      return bytes.toByteArray();
    }

    @Override
    public synchronized List<Long> offsets() {
      return List.copyOf(offsets);
    }

    /** A request to the session: a chunk at {@code offset}, or {@link #STATUS_QUERY}. */
    protected synchronized void requested(long offset) {
      offsets.add(offset);
    }

    /** Bytes the session took (a chunk at the offset where it stood). */
    protected synchronized void append(byte[] chunk) {
      bytes.writeBytes(chunk);
    }

    @Override
    public synchronized String toString() {
      return path + " holding " + bytes.size() + " bytes, requests at " + offsets;
    }
  }

  /** The platform's name, as in {@code social_accounts.platform}. */
  String platform();

  /** How this platform's uploader asks a session where it stands (for reports). */
  String statusQuery();

  /** Each chunk's answer leaves {@code hold} after the chunk arrived (status queries at once). */
  UploadStandIn holdChunkAnswers(Duration hold);

  /** The stubs of a whole upload and post on {@code server}, created with this extension. */
  void stubOn(WireMockServer server);

  /** Forgets every session and count (the hold stays). */
  void clear();

  /** The sessions opened or sent to, in the order they were first seen. */
  List<? extends Session> sessions();

  /** Chunks received (status queries not counted). */
  int chunks();

  /**
   * Bytes sent more than once: every chunk byte sent, less the bytes of the fullest session (a
   * chunk sent again within a session, or a new session starting over, both count).
   */
  long resentBytes();

  /** Videos the platform made of finished uploads: more than one means a double post. */
  int videos();

  /** The id the platform answers for the posted video. */
  String videoId();
}
