package io.renderowl.infra.stack;

/**
 * Where each part of the stack answers, embedded or external. The application reaches every part
 * through these addresses and its real client (JDBC, Jedis, minio-java, Temporal gRPC).
 *
 * @param jdbcUrl PostgreSQL JDBC URL
 * @param dbUser database user
 * @param dbPassword database password
 * @param redisUrl redis:// URL
 * @param s3Endpoint S3 endpoint URL
 * @param temporalAddress host:port of the Temporal frontend
 * @param temporalNamespace Temporal namespace
 * @param temporalServer "dev server", "in-process test server" or "external"
 * @param temporalUiUrl Web UI URL, or null where there is none
 * @param searchAttributes whether RenderowlUser/RenderowlStage are registered on the server
 */
public record StackEndpoints(
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    String redisUrl,
    String s3Endpoint,
    String temporalAddress,
    String temporalNamespace,
    String temporalServer,
    String temporalUiUrl,
    boolean searchAttributes) {}
