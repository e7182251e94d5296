package io.renderowl.batch.bulk;

import io.renderowl.batch.launch.JobStarts;
import io.renderowl.infra.batch.BatchProgress;
import io.renderowl.infra.batch.BatchRowState;
import io.renderowl.infra.batch.BatchSubmitted;
import io.renderowl.infra.batch.BulkBatchState;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.pipeline.CompletionCallbacks;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.CompletionCallback;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Bulk batches on Spring Batch: one "bulk-batch" job instance per batch (identified by the batch
 * id), one chunk-oriented step that reads, validates and starts. The job repository is the engine's
 * PostgreSQL, so a failed or killed job is restarted from its last committed chunk.
 */
@SuppressWarnings("try") // close() waits for the starters; an interrupt there is passed on
public final class JobBackedBulkBatches implements BulkBatches, AutoCloseable {
  static final String JOB_NAME = "bulk-batch";
  static final String STEP_NAME = "read-validate-start";
  private static final Logger LOG = LoggerFactory.getLogger(JobBackedBulkBatches.class);
  private static final Duration OUTPUT_URL_TTL = Duration.ofHours(6);
  private static final Set<BatchStatus> ACTIVE =
      Set.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

  private final JobRepository jobRepository;
  private final JobOperator jobOperator;
  private final PlatformTransactionManager transactions;
  private final BatchRepository batches;
  private final PipelineRuns runs;
  private final ObjectStore store;
  private final RenderowlSettings settings;
  private final ExecutorService launcher =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("bulk-batch-job-", 0).daemon().factory());
  private final ExecutorService starters;
  private final ConcurrentHashMap<UUID, BulkBatchStats> stats = new ConcurrentHashMap<>();
  private final Set<UUID> runningHere = ConcurrentHashMap.newKeySet();
  private volatile ChunkHook chunkHook = (batchId, chunk) -> {};
  private volatile @Nullable CompletionCallbacks callbacks;
  private final ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("bulk-batch-callback-watch-", 0).daemon().factory());

  /** How often a batch with a callback URL is checked for its end after its job read the file. */
  static final Duration CALLBACK_WATCH_EVERY = Duration.ofSeconds(2);

  /**
   * How long this process watches a batch for its end; later ends are found by the stuck-run
   * reaper's {@link #reconcile()} (every 5 minutes).
   */
  static final Duration CALLBACK_WATCH_FOR = Duration.ofHours(6);

  /** Called after each chunk is written, before it commits (tests simulate a crash here). */
  interface ChunkHook {
    void afterChunk(UUID batchId, int chunk);
  }

  public JobBackedBulkBatches(
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactions,
      DataSource dataSource,
      PipelineRuns runs,
      ObjectStore store,
      RenderowlSettings settings) {
    this.jobRepository = jobRepository;
    this.jobOperator = jobOperator;
    this.transactions = transactions;
    this.batches = new BatchRepository(dataSource);
    this.runs = runs;
    this.store = store;
    this.settings = settings;
    this.starters =
        Executors.newFixedThreadPool(
            settings.batch().startThreads(),
            Thread.ofPlatform().name("bulk-batch-start-", 0).daemon().factory());
  }

  /**
   * Batches submitted with a callback URL have it checked by, and their end delivered through,
   * {@code c}; without it a callback URL is refused.
   */
  public JobBackedBulkBatches withCallbacks(CompletionCallbacks c) {
    this.callbacks = c;
    return this;
  }

  void setChunkHook(ChunkHook hook) {
    this.chunkHook = hook;
  }

  @Override
  public BatchSubmitted submit(String userId, String name, Path file, RowDefaults defaults) {
    return submit(userId, name, file, defaults, null);
  }

  @Override
  public BatchSubmitted submit(
      String userId, String name, Path file, RowDefaults defaults, @Nullable String callbackUrl) {
    String callback = callbackUrl == null || callbackUrl.isBlank() ? null : callbackUrl.strip();
    if (callback != null) {
      CompletionCallbacks c = callbacks;
      String problem =
          c == null
              ? "completion callbacks are not available in this process"
              : c.problem(callback);
      if (problem != null) {
        throw new InvalidRequestException(List.of(new FieldError("callback_url", problem)));
      }
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (no such file, or not readable)");
    }
    SourceFormat format = SourceFormat.of(file);
    if (format == SourceFormat.CSV) {
      try {
        BatchSourceReader.readHeader(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    UUID user = UUID.fromString(userId);
    String batchName =
        name == null || name.isBlank() ? file.getFileName().toString() : name.strip();
    UUID batchId = batches.create(user, batchName, format.label, file.getFileName().toString());
    if (callback != null) {
      batches.setCallbackUrl(batchId, callback);
    }
    Path stored = settings.home().resolve("batches").resolve(batchId + "." + format.label);
    try {
      Files.createDirectories(stored.getParent());
      Files.copy(file, stored, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      batches.setStatus(batchId, BulkBatchState.FAILED, 0);
      throw new UncheckedIOException(
          "cannot store the batch file in " + stored.getParent() + ": " + e.getMessage(), e);
    }
    batches.attachSource(batchId, stored.toString());
    launch(parameters(batchId, user, stored, format, defaults));
    return new BatchSubmitted(batchId.toString(), batchName, format.label);
  }

  @Override
  public BatchSubmitted submit(
      String userId, String name, String format, byte[] content, RowDefaults defaults) {
    return submit(userId, name, format, content, defaults, null);
  }

  @Override
  public BatchSubmitted submit(
      String userId,
      String name,
      String format,
      byte[] content,
      RowDefaults defaults,
      @Nullable String callbackUrl) {
    SourceFormat f = SourceFormat.of(format);
    try {
      Path tmp = Files.createTempFile("renderowl-batch-", "." + f.label);
      try {
        Files.write(tmp, content);
        return submit(
            userId,
            name == null || name.isBlank() ? "batch." + f.label : name,
            tmp,
            defaults,
            callbackUrl);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot buffer the batch: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<BatchProgress> status(String userId, String batchId, int offset, int limit) {
    return status(batchId, offset, limit).filter(s -> s.userId().equals(userId));
  }

  @Override
  public Optional<BatchProgress> status(String batchId, int offset, int limit) {
    Optional<UUID> id = parse(batchId);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return batches.find(id.get()).map(row -> view(row, Math.max(0, offset), Math.max(0, limit)));
  }

  @Override
  public boolean resume(String batchId) {
    UUID id = parse(batchId).orElseThrow(() -> new NoSuchElementException("no batch " + batchId));
    BatchRepository.BatchRow row =
        batches.find(id).orElseThrow(() -> new NoSuchElementException("no batch " + batchId));
    if (runningHere.contains(id)) {
      return false;
    }
    ensureRunsStarted(id);
    reconcile(row);
    JobExecution last =
        row.jobExecutionId() == null ? null : jobRepository.getJobExecution(row.jobExecutionId());
    if (last == null) {
      if (row.sourcePath() == null) {
        return false;
      }
      launch(
          parameters(
              id,
              row.userId(),
              Path.of(row.sourcePath()),
              SourceFormat.of(row.sourceFormat()),
              RowDefaults.standard()));
      return true;
    }
    if (last.getStatus() == BatchStatus.COMPLETED) {
      return false;
    }
    if (ACTIVE.contains(last.getStatus())) {
      // Not running in this process: its process died. Mark it failed so it can restart.
      jobOperator.recover(last);
    }
    launch(last.getJobParameters());
    return true;
  }

  /**
   * Asks for every unfinished run of the batch's committed rows again: {@link PipelineRuns#start}
   * finds the live ones and starts again those whose workflow Temporal no longer has (the
   * in-process test server forgets everything when its process ends).
   */
  private void ensureRunsStarted(UUID batchId) {
    List<String> unfinished = batches.unfinishedRequests(batchId);
    for (String json : unfinished) {
      runs.start(Json.MAPPER.readValue(json, io.renderowl.workflows.PipelineRequest.class));
    }
    if (!unfinished.isEmpty()) {
      LOG.info(
          "batch {}: {} unfinished run(s) checked and started again where Temporal had lost them",
          batchId,
          unfinished.size());
    }
  }

  private JobParameters parameters(
      UUID batchId, UUID userId, Path source, SourceFormat format, RowDefaults defaults) {
    return new JobParametersBuilder()
        .addString("batchId", batchId.toString(), true)
        .addString("userId", userId.toString(), false)
        .addString("source", source.toString(), false)
        .addString("format", format.label, false)
        .addString("defaults", Json.MAPPER.writeValueAsString(defaults), false)
        .toJobParameters();
  }

  private void launch(JobParameters params) {
    UUID batchId = UUID.fromString(params.getString("batchId"));
    if (!runningHere.add(batchId)) {
      return;
    }
    launcher.submit(() -> {
      try {
        JobExecution e = JobStarts.start(jobOperator, job(params), params, "batch " + batchId);
        if (e.getStatus() != BatchStatus.COMPLETED) {
          LOG.warn(
              "batch {} job ended {}: {}",
              batchId,
              e.getStatus(),
              e.getExitStatus().getExitDescription());
        }
      } catch (Exception e) {
        LOG.error("batch {} job could not start: {}", batchId, e.getMessage(), e);
        announceFailure(batchId);
        batches.setStatus(batchId, BulkBatchState.FAILED, 0);
      } finally {
        runningHere.remove(batchId);
        reconcileQuietly(batchId);
        watchForEnd(batchId, Instant.now().plus(CALLBACK_WATCH_FOR));
      }
    });
  }

  /**
   * While a batch with a callback URL has runs that have not ended, checks it every {@link
   * #CALLBACK_WATCH_EVERY} so that its end is delivered soon after its last run ends.
   */
  private void watchForEnd(UUID batchId, Instant until) {
    Optional<BatchRepository.BatchRow> row;
    try {
      row = batches.find(batchId);
    } catch (RuntimeException e) {
      row = Optional.empty();
    }
    if (row.isEmpty()
        || row.get().callbackUrl() == null
        || row.get().status().finished()
        || Instant.now().isAfter(until)
        || watcher.isShutdown()) {
      return;
    }
    try {
      watcher.schedule(
          () -> {
            reconcileQuietly(batchId);
            watchForEnd(batchId, until);
          },
          CALLBACK_WATCH_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shutting down: the reaper's reconcile delivers it
    }
  }

  /** Announces that the batch failed (its job did), where it has a callback URL not yet told. */
  private void announceFailure(UUID batchId) {
    try {
      batches
          .find(batchId)
          .filter(row -> !row.status().finished())
          .ifPresent(row -> announceEnd(row, BulkBatchState.FAILED, batches.counts(batchId)));
    } catch (RuntimeException e) {
      LOG.warn(
          "batch {}: its completion callback could not be started: {}", batchId, e.getMessage());
    }
  }

  /**
   * Starts the delivery of the batch's end to its callback URL (once per batch: the delivery id is
   * the batch's). Called before the end is recorded, so that a delivery that could not start is
   * asked for again by the next reconcile.
   */
  private void announceEnd(
      BatchRepository.BatchRow row, BulkBatchState state, BatchRepository.Counts c) {
    CompletionCallbacks cb = callbacks;
    if (row.callbackUrl() == null || cb == null || !state.finished()) {
      return;
    }
    String status =
        state == BulkBatchState.FAILED
            ? "failed"
            : c.failed() > 0 ? "completed_with_failures" : "completed";
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("rows", c.rows());
    counts.put("skipped", c.skipped());
    counts.put("queued", c.queued());
    counts.put("running", c.running());
    counts.put("completed", c.completed());
    counts.put("failed", c.failed());
    String error =
        state == BulkBatchState.FAILED
            ? "the batch's job failed before every row was read"
            : c.failed() > 0 ? c.failed() + " of " + c.rows() + " row(s) failed" : null;
    cb.deliver(
        new CompletionCallback(
            "batch-" + row.id() + ":end",
            row.userId().toString(),
            "batch",
            row.id().toString(),
            status,
            "/api/v1/batch/" + row.id(),
            error,
            row.callbackUrl(),
            counts));
  }

  private void reconcileQuietly(UUID batchId) {
    try {
      reconcile(batchId);
    } catch (RuntimeException e) {
      LOG.warn(
          "batch {}: its recorded state could not be brought up to date: {}",
          batchId,
          e.getMessage());
    }
  }

  private Job job(JobParameters params) {
    UUID batchId = UUID.fromString(params.getString("batchId"));
    RowDefaults defaults = Json.MAPPER.readValue(params.getString("defaults"), RowDefaults.class);
    BulkBatchStats s = new BulkBatchStats();
    stats.put(batchId, s);
    BatchSourceReader reader =
        new BatchSourceReader(
            Path.of(params.getString("source")), SourceFormat.of(params.getString("format")));
    RowValidator validator =
        new RowValidator(
            batchId.toString(), params.getString("userId"), defaults, settings.publishers());
    IntConsumer afterChunk = chunk -> chunkHook.afterChunk(batchId, chunk);
    RunStartingWriter writer =
        new RunStartingWriter(batchId, runs, batches, starters, s, afterChunk);
    Step step =
        new StepBuilder(STEP_NAME, jobRepository)
            .<BatchRow, BatchItem>chunk(settings.batch().chunkSize())
            .reader(new TimedReader(reader, s))
            .processor(timed(validator, s))
            .writer(writer)
            .transactionManager(transactions)
            .build();
    return new JobBuilder(JOB_NAME, jobRepository)
        .start(step)
        .listener(
            new JobExecutionListener() {
              @Override
              public void beforeJob(JobExecution execution) {
                s.jobStarted = Instant.now();
                batches.jobStarted(batchId, execution.getId());
              }

              @Override
              public void afterJob(JobExecution execution) {
                s.jobEnded = Instant.now();
                if (execution.getStatus() != BatchStatus.COMPLETED) {
                  announceFailure(batchId);
                  batches.setStatus(batchId, BulkBatchState.FAILED, 0);
                }
              }
            })
        .build();
  }

  private static ItemProcessor<BatchRow, BatchItem> timed(
      RowValidator validator, BulkBatchStats s) {
    return row -> {
      long t0 = System.nanoTime();
      try {
        return validator.process(row);
      } finally {
        s.validateNanos.add(System.nanoTime() - t0);
      }
    };
  }

  /**
   * Where a batch stands, derived from its items' runs and its job: the status a read shows and the
   * one {@link #reconcile} records.
   */
  private record Derived(
      BatchRepository.Counts counts,
      JobExecution exec,
      boolean reading,
      BulkBatchState state,
      int progress) {}

  private Derived derive(BatchRepository.BatchRow row) {
    BatchRepository.Counts c = batches.counts(row.id());
    JobExecution exec =
        row.jobExecutionId() == null ? null : jobRepository.getJobExecution(row.jobExecutionId());
    boolean reading =
        runningHere.contains(row.id()) || (exec != null && ACTIVE.contains(exec.getStatus()));
    BulkBatchState state;
    if (reading) {
      state = BulkBatchState.RUNNING;
    } else if (exec == null) {
      state =
          row.status() == BulkBatchState.FAILED ? BulkBatchState.FAILED : BulkBatchState.PENDING;
    } else if (exec.getStatus() != BatchStatus.COMPLETED) {
      state = BulkBatchState.FAILED;
    } else {
      state = c.queued() + c.running() == 0 ? BulkBatchState.COMPLETED : BulkBatchState.RUNNING;
    }
    int ended = c.completed() + c.failed() + c.skipped();
    int progress = c.rows() == 0 ? 0 : (int) Math.floor(100.0 * ended / c.rows());
    if (reading && progress == 100) {
      progress = 99;
    }
    return new Derived(c, exec, reading, state, progress);
  }

  /**
   * Records in the batch's row the state and counts its job and runs are in now, when they differ
   * from what the row holds. Called where they change: when the job ends, when a batch is resumed,
   * and for every unfinished batch by {@link #reconcile()}. A status read derives the same state
   * and writes nothing.
   */
  void reconcile(UUID batchId) {
    batches.find(batchId).ifPresent(this::reconcile);
  }

  /** Returns whether the row changed. */
  private boolean reconcile(BatchRepository.BatchRow row) {
    Derived d = derive(row);
    if (d.state() == row.status() && d.counts().rows() == row.rowsRead()) {
      return false;
    }
    if (!row.status().finished()) {
      try {
        announceEnd(row, d.state(), d.counts());
      } catch (RuntimeException e) {
        // not recorded either: the next reconcile asks for the delivery again
        LOG.warn(
            "batch {}: its completion callback could not be started: {}", row.id(), e.getMessage());
        return false;
      }
    }
    batches.recordCounts(row.id(), d.counts());
    batches.setStatus(row.id(), d.state(), d.progress());
    return true;
  }

  @Override
  public int reconcile() {
    int changed = 0;
    for (BatchRepository.BatchRow row : batches.unfinished()) {
      if (reconcile(row)) {
        changed++;
      }
    }
    return changed;
  }

  @Override
  public List<String> failAbandoned(Duration quiet) {
    List<String> failed = new java.util.ArrayList<>();
    java.time.LocalDateTime before = java.time.LocalDateTime.now().minus(quiet);
    for (BatchRepository.BatchRow row : batches.unfinished()) {
      if (runningHere.contains(row.id()) || row.jobExecutionId() == null) {
        continue;
      }
      JobExecution exec = jobRepository.getJobExecution(row.jobExecutionId());
      if (exec == null || !ACTIVE.contains(exec.getStatus())) {
        continue;
      }
      java.time.LocalDateTime last = lastWritten(exec);
      if (last == null || last.isAfter(before)) {
        continue;
      }
      int rowsRead = batches.counts(row.id()).rows();
      String reason =
          "its job stopped reading: no chunk committed since "
              + last.withNano(0)
              + " ("
              + rowsRead
              + " row(s) read) and no live process runs it; `owl batch resume "
              + row.id()
              + "` continues from its last committed chunk";
      try {
        jobOperator.recover(exec);
        exec.setExitStatus(
            org.springframework.batch.core.ExitStatus.FAILED.addExitDescription(reason));
        jobRepository.update(exec);
        reconcile(row.id());
      } catch (RuntimeException e) {
        // Another process moved the job on meanwhile (a stale version): look again next round.
        LOG.warn(
            "batch {}: its abandoned job could not be marked failed: {}", row.id(), e.toString());
        continue;
      }
      LOG.warn("batch {} marked failed: {}", row.id(), reason);
      failed.add(row.id() + ": " + reason);
    }
    return failed;
  }

  /** When the job last wrote to its repository (a committed chunk, or its start). */
  private static java.time.@org.jspecify.annotations.Nullable LocalDateTime lastWritten(
      JobExecution exec) {
    java.time.LocalDateTime last =
        exec.getLastUpdated() != null ? exec.getLastUpdated() : exec.getStartTime();
    for (var step : exec.getStepExecutions()) {
      if (step.getLastUpdated() != null && (last == null || step.getLastUpdated().isAfter(last))) {
        last = step.getLastUpdated();
      }
    }
    return last;
  }

  private BatchProgress view(BatchRepository.BatchRow row, int offset, int limit) {
    Derived d = derive(row);
    BatchRepository.Counts c = d.counts();
    String jobStatus = d.exec() == null ? "none" : d.exec().getStatus().name();
    List<BatchProgress.RowOutcome> rows =
        limit == 0
            ? List.of()
            : batches.items(row.id(), offset, limit).stream()
                .map(i ->
                    new BatchProgress.RowOutcome(
                        i.line(),
                        i.topic(),
                        i.runId(),
                        i.runId() == null
                            ? BatchRowState.SKIPPED
                            : i.runStatus() == null ? null : BatchRowState.of(i.runStatus()),
                        i.runStatus() == RunState.COMPLETED && i.outputKey() != null
                            ? store.presignedGetUrl(i.outputKey(), OUTPUT_URL_TTL)
                            : null,
                        i.runId() == null ? i.reason() : i.runError()))
                .toList();
    List<BatchProgress.SkippedRow> skipped =
        batches.skipped(row.id()).stream()
            .map(i -> new BatchProgress.SkippedRow(i.line(), i.reason(), i.topic()))
            .toList();
    BulkBatchStats s = stats.get(row.id());
    return new BatchProgress(
        row.id().toString(),
        row.userId().toString(),
        row.name(),
        d.state(),
        jobStatus,
        d.reading(),
        c.rows(),
        c.queued(),
        c.running(),
        c.completed(),
        c.failed(),
        c.skipped(),
        d.progress(),
        rows,
        skipped,
        s == null ? null : s.view(),
        row.createdAt(),
        row.updatedAt());
  }

  private static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() throws InterruptedException {
    watcher.shutdownNow();
    launcher.shutdownNow();
    starters.shutdown();
    starters.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Times reads for the benchmark; passes the stream callbacks through. */
  private record TimedReader(BatchSourceReader delegate, BulkBatchStats s)
      implements ItemStreamReader<BatchRow> {
    @Override
    public BatchRow read() {
      long t0 = System.nanoTime();
      BatchRow row = delegate.read();
      s.readNanos.add(System.nanoTime() - t0);
      if (row != null) {
        s.rowsRead.increment();
      }
      return row;
    }

    @Override
    public void open(ExecutionContext context) {
      delegate.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
      delegate.update(context);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
