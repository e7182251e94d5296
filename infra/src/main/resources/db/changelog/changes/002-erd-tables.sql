--liquibase formatted sql

-- Tables the seed shows only in its ERD, in the seed's style (TIMESTAMP, DEFAULTs, cascading FKs).

--changeset renderowl:002-scheduled-jobs
CREATE TABLE scheduled_jobs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    cron_expr VARCHAR(120) NOT NULL,
    timezone VARCHAR(64) DEFAULT 'UTC',
    is_active BOOLEAN DEFAULT true,
    config JSONB, -- what to run: topic source, aspect, platforms, ...
    last_run TIMESTAMP,
    next_run TIMESTAMP,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);
CREATE INDEX idx_scheduled_jobs_user_id ON scheduled_jobs(user_id);
--rollback DROP TABLE scheduled_jobs;

--changeset renderowl:002-analytics
CREATE TABLE analytics (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    video_id UUID REFERENCES renders(id) ON DELETE CASCADE,
    platform VARCHAR(50) NOT NULL,
    views BIGINT DEFAULT 0,
    likes BIGINT DEFAULT 0,
    shares BIGINT DEFAULT 0,
    comments BIGINT DEFAULT 0,
    recorded_at TIMESTAMP DEFAULT NOW(), -- when the platform reported these numbers
    created_at TIMESTAMP DEFAULT NOW()
);
CREATE INDEX idx_analytics_video_id ON analytics(video_id);
--rollback DROP TABLE analytics;

--changeset renderowl:002-templates
CREATE TABLE templates (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    category VARCHAR(100),
    description TEXT,
    structure JSONB NOT NULL, -- tracks and clip placeholders
    is_premium BOOLEAN DEFAULT false,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);
CREATE INDEX idx_templates_category ON templates(category);
--rollback DROP TABLE templates;

--changeset renderowl:002-batches
CREATE TABLE batches (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    status VARCHAR(50) DEFAULT 'pending', -- pending, running, completed, failed
    progress INTEGER DEFAULT 0,
    total_items INTEGER DEFAULT 0,
    completed_items INTEGER DEFAULT 0,
    failed_items INTEGER DEFAULT 0,
    skipped_items INTEGER DEFAULT 0,
    source_name VARCHAR(255), -- e.g. the uploaded CSV file name
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    completed_at TIMESTAMP
);
CREATE INDEX idx_batches_user_id ON batches(user_id);
--rollback DROP TABLE batches;
