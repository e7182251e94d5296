package io.renderowl.api.internal;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.links.Link;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI {@code links} from the operations that create something to the operations that take its
 * id, so that a client (and Schemathesis' stateful phase) can chain them with real ids instead of
 * meeting 404s: {@code POST /timelines} -&gt; {@code GET/PUT/DELETE /timelines/{id}}, its tracks
 * and clips, {@code POST /render} with that timeline; {@code POST /timelines/{id}/tracks} -&gt;
 * {@code PUT/DELETE /tracks/{id}}; {@code POST /render} -&gt; {@code GET/DELETE /render/{id}}; and
 * so on for templates, pipelines, batches, channels, projects, API keys and scheduled posts. Where
 * the target needs {@code If-Match}, the link passes the creating answer's {@code ETag}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiLinks {

  private static final String API = "/api/v1";
  private static final String ID = "$response.body#/data/id";
  private static final String ETAG = "$response.header.ETag";

  /**
   * Sources whose created resource lives under another path than {@code source + "/{id}"}.
   *
   * @param sourcePath the creating operation's path
   * @param method its method
   * @param base the resource's collection path: targets are {@code base/{id}} and its literal
   *     sub-paths
   * @param pointer where the id is in the answer
   * @param etag whether the answer's ETag is the target's If-Match
   */
  record Rule(
      String sourcePath, PathItem.HttpMethod method, String base, String pointer, boolean etag) {}

  static final List<Rule> RULES =
      List.of(
          new Rule(
              API + "/timelines/{id}/tracks", PathItem.HttpMethod.POST, API + "/tracks", ID, true),
          new Rule(
              API + "/timelines/{id}/clips", PathItem.HttpMethod.POST, API + "/clips", ID, true),
          new Rule(
              API + "/templates/{id}/use",
              PathItem.HttpMethod.POST,
              API + "/timelines",
              "$response.body#/data/timeline/id",
              true),
          new Rule(
              API + "/templates/{id}/instantiate",
              PathItem.HttpMethod.POST,
              API + "/timelines",
              "$response.body#/data/timeline/id",
              true),
          new Rule(
              API + "/user/api-keys",
              PathItem.HttpMethod.POST,
              API + "/user/api-keys",
              "$response.body#/data/key/id",
              false),
          new Rule(
              API + "/social/schedule",
              PathItem.HttpMethod.POST,
              API + "/social/scheduled",
              "$response.body#/data/0/id",
              false));

  /** Sources that create with an ETag (the new version of what the targets edit). */
  private static final List<String> WITH_ETAG = List.of(API + "/timelines", API + "/templates");

  @Bean
  OpenApiCustomizer renderowlLinks() {
    return OpenApiLinks::addLinks;
  }

  static void addLinks(OpenAPI openApi) {
    Map<String, PathItem> paths = openApi.getPaths();
    if (paths == null) {
      return;
    }
    // generic: POST /x answering 201/202 -> every operation on /x/{id} and /x/{id}/literal
    for (Map.Entry<String, PathItem> path : paths.entrySet()) {
      Operation post = path.getValue().getPost();
      if (post != null && paths.containsKey(path.getKey() + "/{id}")) {
        byId(paths, post, path.getKey(), ID, WITH_ETAG.contains(path.getKey()));
      }
    }
    for (Rule rule : RULES) {
      Operation source = operation(paths, rule.sourcePath(), rule.method());
      if (source != null) {
        byId(paths, source, rule.base(), rule.pointer(), rule.etag());
      }
    }
    // a new timeline is what renders and its project's listing take
    Operation newTimeline = operation(paths, API + "/timelines", PathItem.HttpMethod.POST);
    Operation startRender = operation(paths, API + "/render", PathItem.HttpMethod.POST);
    if (newTimeline != null && startRender != null) {
      link(
          newTimeline,
          API + "/render",
          PathItem.HttpMethod.POST,
          Map.of(),
          Map.of("timeline_id", ID));
      if (operation(paths, API + "/render", PathItem.HttpMethod.GET) != null) {
        link(
            newTimeline,
            API + "/render",
            PathItem.HttpMethod.GET,
            Map.of("query.timeline_id", ID),
            null);
      }
    }
    Operation newProject = operation(paths, API + "/projects", PathItem.HttpMethod.POST);
    if (newProject != null
        && operation(paths, API + "/timelines", PathItem.HttpMethod.GET) != null) {
      link(
          newProject,
          API + "/timelines",
          PathItem.HttpMethod.GET,
          Map.of("query.project_id", ID),
          null);
    }
  }

  /** Links {@code source} to every operation on {@code base/{id}} and its literal sub-paths. */
  private static void byId(
      Map<String, PathItem> paths, Operation source, String base, String pointer, boolean etag) {
    String item = base + "/{id}";
    for (Map.Entry<String, PathItem> path : paths.entrySet()) {
      String p = path.getKey();
      if (!(p.equals(item)
          || p.startsWith(item + "/") && !p.substring(item.length()).contains("{"))) {
        continue;
      }
      for (Map.Entry<PathItem.HttpMethod, Operation> target :
          path.getValue().readOperationsMap().entrySet()) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("path.id", pointer);
        if (etag && hasHeader(target.getValue(), "If-Match")) {
          parameters.put("header.If-Match", ETAG);
        }
        link(source, p, target.getKey(), parameters, null);
      }
    }
  }

  /**
   * Adds a link to every 2xx answer of {@code source}. Targets are named by {@code operationRef} (a
   * JSON pointer to the path and method): springdoc makes operation ids unique only after the
   * customizers ran, so an {@code operationId} read here could name another operation.
   */
  private static void link(
      Operation source,
      String targetPath,
      PathItem.HttpMethod targetMethod,
      Map<String, String> parameters,
      @Nullable Map<String, String> requestBody) {
    if (source.getResponses() == null) {
      return;
    }
    String method = targetMethod.name().toLowerCase(Locale.ROOT);
    String ref = "#/paths/" + targetPath.replace("~", "~0").replace("/", "~1") + "/" + method;
    String name =
        method
            + targetPath
                .substring(API.length())
                .replace("{", "")
                .replace("}", "")
                .replaceAll("[^A-Za-z0-9]+", ".");
    source
        .getResponses()
        .forEach((status, response) -> {
          if (status.startsWith("2")) {
            Link link = new Link().operationRef(ref);
            if (!parameters.isEmpty()) {
              link.setParameters(new LinkedHashMap<>(parameters));
            }
            if (requestBody != null) {
              link.requestBody(requestBody);
            }
            response.link(name, link);
          }
        });
  }

  private static boolean hasHeader(Operation operation, String name) {
    if (operation.getParameters() == null) {
      return false;
    }
    for (Parameter p : operation.getParameters()) {
      if ("header".equals(p.getIn()) && name.equalsIgnoreCase(p.getName())) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Operation operation(
      Map<String, PathItem> paths, String path, PathItem.HttpMethod method) {
    PathItem item = paths.get(path);
    return item == null ? null : item.readOperationsMap().get(method);
  }
}
