--liquibase formatted sql

-- Engine additions: the run ledger (one row per Temporal workflow), publications, API tokens, and
-- columns the seed tables need for idempotent, exact bookkeeping. New tables use TIMESTAMPTZ.

--changeset renderowl:003-pipeline-runs
CREATE TABLE pipeline_runs (
    run_id VARCHAR(64) PRIMARY KEY, -- the Temporal workflow id
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    project_id UUID REFERENCES projects(id) ON DELETE SET NULL,
    timeline_id UUID REFERENCES timelines(id) ON DELETE SET NULL,
    render_id UUID REFERENCES renders(id) ON DELETE SET NULL,
    topic TEXT NOT NULL,
    request JSONB NOT NULL, -- the PipelineRequest as submitted
    status VARCHAR(20) NOT NULL DEFAULT 'queued'
        CONSTRAINT chk_pipeline_runs_status CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    stage VARCHAR(20) NOT NULL DEFAULT 'queued', -- Stage.label(): current or last stage
    message TEXT,
    error_message TEXT,
    output_key TEXT, -- object key of the rendered MP4
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    completed_at TIMESTAMPTZ -- when the run ended, completed or failed
);
CREATE INDEX idx_pipeline_runs_user_id ON pipeline_runs(user_id);
CREATE INDEX idx_pipeline_runs_status ON pipeline_runs(status);
CREATE INDEX idx_pipeline_runs_project_id ON pipeline_runs(project_id);
CREATE INDEX idx_pipeline_runs_timeline_id ON pipeline_runs(timeline_id);
CREATE INDEX idx_pipeline_runs_render_id ON pipeline_runs(render_id);
--rollback DROP TABLE pipeline_runs;

--changeset renderowl:003-publications
CREATE TABLE publications (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id VARCHAR(64) NOT NULL REFERENCES pipeline_runs(run_id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    render_id UUID NOT NULL REFERENCES renders(id) ON DELETE CASCADE,
    platform VARCHAR(50) NOT NULL,
    social_account_id UUID REFERENCES social_accounts(id) ON DELETE SET NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'published',
    location TEXT, -- platform URL or path
    external_id VARCHAR(255), -- the platform's id for the video
    metadata JSONB,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_publications_run_id_platform UNIQUE (run_id, platform) -- also indexes run_id
);
CREATE INDEX idx_publications_user_id ON publications(user_id);
CREATE INDEX idx_publications_render_id ON publications(render_id);
CREATE INDEX idx_publications_social_account_id ON publications(social_account_id);
--rollback DROP TABLE publications;

--changeset renderowl:003-api-tokens
CREATE TABLE api_tokens (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    token_sha256 CHAR(64) UNIQUE NOT NULL, -- lower-case hex, the raw token is never stored
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX idx_api_tokens_user_id ON api_tokens(user_id);
--rollback DROP TABLE api_tokens;

--changeset renderowl:003-credit-transactions-idempotency-key
-- A charge carries a caller-chosen key (e.g. "run:<runId>") so that it is recorded once.
ALTER TABLE credit_transactions ADD COLUMN idempotency_key VARCHAR(200);
CREATE UNIQUE INDEX uq_credit_transactions_idempotency_key ON credit_transactions(idempotency_key);
--rollback DROP INDEX uq_credit_transactions_idempotency_key;
--rollback ALTER TABLE credit_transactions DROP COLUMN idempotency_key;

--changeset renderowl:003-renders-run-id
-- The pipeline run a render belongs to; one render per run for now.
ALTER TABLE renders ADD COLUMN run_id VARCHAR(64);
CREATE UNIQUE INDEX uq_renders_run_id ON renders(run_id);
--rollback DROP INDEX uq_renders_run_id;
--rollback ALTER TABLE renders DROP COLUMN run_id;

--changeset renderowl:003-timelines-duration-seconds
-- timelines.duration is whole seconds (the seed's INTEGER); this keeps the exact length.
ALTER TABLE timelines ADD COLUMN duration_seconds DECIMAL(10,3);
--rollback ALTER TABLE timelines DROP COLUMN duration_seconds;
