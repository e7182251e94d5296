package io.renderowl.cli;

import io.renderowl.activities.template.TemplateTimelines;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.pipeline.StoredTimeline;
import io.renderowl.infra.pipeline.TimelineEditException;
import io.renderowl.infra.pipeline.Timelines;
import io.renderowl.infra.templates.FieldType;
import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.StoredTemplate;
import io.renderowl.infra.templates.TemplateField;
import io.renderowl.infra.templates.TemplateFieldsJson;
import io.renderowl.infra.templates.Templates;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Templates: timeline documents with {@code {{NAME}}} merge fields (see the README). */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = {
      "Templates: timelines with {{NAME}} merge fields. Built-in ones ship with the engine;",
      "yours are created from a JSON file. Instantiate one into a timeline with --set NAME=VALUE."
    },
    subcommands = {
      TemplateCommand.ListTemplates.class,
      TemplateCommand.Show.class,
      TemplateCommand.Create.class,
      TemplateCommand.Instantiate.class
    })
final class TemplateCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the templates.")
  static final class ListTemplates implements Callable<Integer> {
    @Option(names = "--category", description = "only this category")
    String category;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return with(
          spec,
          (templates, ctx, user) -> {
            PrintWriter out = spec.commandLine().getOut();
            for (StoredTemplate t : templates.list(user, category, 0, 100).rows()) {
              out.printf(
                  "%s  %-18s %-10s %-10s %s%n",
                  t.id(),
                  t.builtInKey() == null ? "(yours)" : t.builtInKey(),
                  t.resolution(),
                  t.category() == null ? "-" : t.category(),
                  t.name());
            }
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a template: its fields and structure as JSON.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "template id or built-in key")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return with(
          spec,
          (templates, ctx, user) -> {
            StoredTemplate t = templates.find(user, id).orElse(null);
            if (t == null) {
              spec.commandLine().getErr().println("owl: no template " + id);
              return ExitCodes.NOT_FOUND;
            }
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("id", t.id());
            shown.put("built_in_key", t.builtInKey());
            shown.put("name", t.name());
            shown.put("category", t.category());
            shown.put("description", t.description());
            shown.put("resolution", t.resolution());
            shown.put("version", t.version());
            shown.put("fields", TemplateFieldsJson.write(t.fields()));
            shown.put("structure", t.structure());
            spec.commandLine().getOut().println(Json.PRETTY.writeValueAsString(shown));
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a template of yours from a JSON file: name, category, description, is_public,"
              + " fields, structure.")
  static final class Create implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode root;
      try {
        root = Json.MAPPER.readTree(Files.readString(file));
      } catch (IOException | JacksonException e) {
        spec.commandLine().getErr().println("owl: cannot read " + file + ": " + e.getMessage());
        return ExitCodes.USAGE;
      }
      var fields = TemplateFieldsJson.read(root.get("fields"));
      List<String> problems = new ArrayList<>();
      fields.problems().forEach(p -> problems.add(p.toString()));
      JsonNode structure = root.get("structure");
      String name = root.path("name").asString("");
      if (name.isBlank()) {
        problems.add("name: is required");
      }
      if (structure == null || !structure.isObject()) {
        problems.add("structure: is required (a timeline document)");
      }
      NewTemplate template = null;
      if (problems.isEmpty()) {
        template =
            new NewTemplate(
                name.strip(),
                root.path("category").isString() ? root.get("category").asString() : null,
                root.path("description").isString() ? root.get("description").asString() : null,
                root.path("is_public").asBoolean(false),
                structure.path("resolution").asString(""),
                fields.fields(),
                structure);
        problems.addAll(TemplateTimelines.problems(template));
      }
      if (!problems.isEmpty()) {
        spec.commandLine().getErr().println("owl: " + file + " is not a valid template:");
        problems.forEach(p -> spec.commandLine().getErr().println("  " + p));
        return ExitCodes.USAGE;
      }
      NewTemplate valid = template;
      return with(
          spec,
          (templates, ctx, user) -> {
            StoredTemplate t = templates.create(user, valid);
            spec.commandLine()
                .getOut()
                .println("created template " + t.id() + " (" + t.name() + ")");
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "instantiate",
      mixinStandardHelpOptions = true,
      description = "Fill a template's fields into a new timeline (render it with owl render).")
  static final class Instantiate implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "template id or built-in key")
    String id;

    @Option(
        names = "--set",
        paramLabel = "NAME=VALUE",
        description = "a merge value (repeat for each field; media values are s3:// URLs)")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--project", description = "project id the timeline belongs to")
    String project;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return with(
          spec,
          (templates, ctx, user) -> {
            StoredTemplate t = templates.find(user, id).orElse(null);
            if (t == null) {
              spec.commandLine().getErr().println("owl: no template " + id);
              return ExitCodes.NOT_FOUND;
            }
            Map<String, Object> typed = new LinkedHashMap<>();
            for (var e : values.entrySet()) {
              typed.put(e.getKey(), typed(t.fields(), e.getKey(), e.getValue()));
            }
            try {
              TimelineDocument doc = TemplateTimelines.fill(t.fields(), t.structure(), typed);
              StoredTimeline stored =
                  ctx.getBean(Timelines.class).create(user, project, doc, Set.of());
              spec.commandLine()
                  .getOut()
                  .println(
                      "created timeline "
                          + stored.id()
                          + " from template "
                          + t.name()
                          + " ("
                          + doc.width()
                          + "x"
                          + doc.height()
                          + ", "
                          + doc.durationSeconds()
                          + " s)");
              return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
              spec.commandLine().getErr().println("owl: " + e.getMessage());
              return ExitCodes.USAGE;
            } catch (TimelineEditException e) {
              spec.commandLine().getErr().println("owl: " + e.getMessage());
              e.problems().forEach(p -> spec.commandLine().getErr().println("  " + p));
              return ExitCodes.USAGE;
            }
          });
    }

    /** A number field's value as a number (when it reads as one); everything else as text. */
    private static Object typed(List<TemplateField> fields, String name, String value) {
      boolean number =
          fields.stream().anyMatch(f -> f.name().equals(name) && f.type() == FieldType.NUMBER);
      if (number) {
        try {
          return Double.parseDouble(value);
        } catch (NumberFormatException e) {
          return value; // refused by the merge, naming the field
        }
      }
      return value;
    }
  }

  interface Action {
    int run(Templates templates, ConfigurableApplicationContext ctx, String userId);
  }

  static int with(CommandSpec spec, Action action) {
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      int code =
          action.run(
              ctx.getBean(Templates.class), ctx, ctx.getBean(LocalUser.class).id().toString());
      spec.commandLine().getOut().flush();
      return code;
    }
  }
}
