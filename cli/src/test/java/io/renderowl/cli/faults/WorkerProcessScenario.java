package io.renderowl.cli.faults;

import io.renderowl.activities.worker.PipelineWorkers;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A scenario whose runs are worked only by {@link WorkerProcess}es: this JVM hosts the stack and
 * starts the runs, its own workers stay stopped while the scenario runs (a run they took over would
 * not feel the fault), and the engine's records are read afterwards to check {@link RunInvariants}.
 */
abstract class WorkerProcessScenario {
  @Autowired StackEndpoints stack;
  @Autowired PipelineRuns runs;
  @Autowired PipelineRunRepository runRows;
  @Autowired PublicationRepository publications;
  @Autowired CreditRepository credits;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @Autowired ObjectStore store;
  @Autowired PipelineWorkers workers;
  @Autowired DataSource dataSource;

  @BeforeEach
  void onlyWorkerProcessesWork() {
    workers.stop();
  }

  @AfterEach
  void workHereAgain() {
    workers.start();
  }

  /** The invariants of a run, read from this JVM's view of the stack. */
  RunInvariants invariants() {
    return new RunInvariants(runRows, publications, credits, users, localUser, store, dataSource);
  }
}
