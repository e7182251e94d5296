--liquibase formatted sql

-- The tables of the architecture seed (renderowl-architecture.md, "Table Definitions"), column for
-- column. projects is ERD-only in the seed but comes first because timelines references it.
-- gen_random_uuid() is core PostgreSQL since 13.

--changeset renderowl:001-users
CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    clerk_id VARCHAR(255) UNIQUE NOT NULL,
    email VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(255),
    avatar_url TEXT,
    credits_balance INTEGER DEFAULT 0,
    subscription_tier VARCHAR(50) DEFAULT 'free',
    subscription_status VARCHAR(50) DEFAULT 'active',
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);
--rollback DROP TABLE users;

--changeset renderowl:001-projects
CREATE TABLE projects (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);
CREATE INDEX idx_projects_user_id ON projects(user_id);
--rollback DROP TABLE projects;

--changeset renderowl:001-timelines
CREATE TABLE timelines (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    project_id UUID REFERENCES projects(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    duration INTEGER DEFAULT 60,
    resolution VARCHAR(50) DEFAULT '1920x1080',
    fps INTEGER DEFAULT 30,
    background_color VARCHAR(7) DEFAULT '#000000',
    transition_type VARCHAR(50) DEFAULT 'fade',
    status VARCHAR(50) DEFAULT 'draft',
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);
--rollback DROP TABLE timelines;

--changeset renderowl:001-tracks
CREATE TABLE tracks (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    timeline_id UUID REFERENCES timelines(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    type VARCHAR(50) NOT NULL, -- video, audio, text, image, effect
    "order" INTEGER DEFAULT 0,
    is_visible BOOLEAN DEFAULT true,
    is_locked BOOLEAN DEFAULT false,
    created_at TIMESTAMP DEFAULT NOW()
);
--rollback DROP TABLE tracks;

--changeset renderowl:001-clips
CREATE TABLE clips (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    track_id UUID REFERENCES tracks(id) ON DELETE CASCADE,
    type VARCHAR(50) NOT NULL, -- video, audio, text, image
    start_time DECIMAL(10,3) DEFAULT 0,
    duration DECIMAL(10,3) NOT NULL,
    source_url TEXT,
    thumbnail_url TEXT,
    content JSONB, -- Type-specific content
    metadata JSONB, -- Codec, dimensions, etc.
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);
--rollback DROP TABLE clips;

--changeset renderowl:001-renders
CREATE TABLE renders (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    timeline_id UUID REFERENCES timelines(id) ON DELETE CASCADE,
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    status VARCHAR(50) DEFAULT 'queued', -- queued, rendering, completed, failed
    progress INTEGER DEFAULT 0,
    preset VARCHAR(50) NOT NULL,
    output_url TEXT,
    error_message TEXT,
    credits_used INTEGER DEFAULT 0,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT NOW()
);
--rollback DROP TABLE renders;

--changeset renderowl:001-social-accounts
CREATE TABLE social_accounts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    platform VARCHAR(50) NOT NULL,
    username VARCHAR(255),
    channel_name VARCHAR(255),
    access_token TEXT NOT NULL,
    refresh_token TEXT,
    token_expires_at TIMESTAMP,
    is_active BOOLEAN DEFAULT true,
    connected_at TIMESTAMP DEFAULT NOW()
);
--rollback DROP TABLE social_accounts;

--changeset renderowl:001-credit-transactions
CREATE TABLE credit_transactions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    type VARCHAR(50) NOT NULL, -- purchase, deduction, refund, grant
    amount INTEGER NOT NULL, -- Negative for deductions
    description TEXT,
    metadata JSONB,
    created_at TIMESTAMP DEFAULT NOW()
);
--rollback DROP TABLE credit_transactions;

--changeset renderowl:001-seed-indexes
-- The seed's performance indexes, plus renders.user_id so that every foreign key is indexed.
CREATE INDEX idx_timelines_user_id ON timelines(user_id);
CREATE INDEX idx_timelines_project_id ON timelines(project_id);
CREATE INDEX idx_tracks_timeline_id ON tracks(timeline_id);
CREATE INDEX idx_clips_track_id ON clips(track_id);
CREATE INDEX idx_renders_timeline_id ON renders(timeline_id);
CREATE INDEX idx_renders_status ON renders(status);
CREATE INDEX idx_renders_user_id ON renders(user_id);
CREATE INDEX idx_social_accounts_user_id ON social_accounts(user_id);
CREATE INDEX idx_credit_transactions_user_id ON credit_transactions(user_id);
CREATE INDEX idx_credit_transactions_created_at ON credit_transactions(created_at);
--rollback DROP INDEX idx_timelines_user_id, idx_timelines_project_id, idx_tracks_timeline_id, idx_clips_track_id, idx_renders_timeline_id, idx_renders_status, idx_renders_user_id, idx_social_accounts_user_id, idx_credit_transactions_user_id, idx_credit_transactions_created_at;
