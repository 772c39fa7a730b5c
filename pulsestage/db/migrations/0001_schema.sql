-- The whole PulseStage schema (spec/data-model.md), in snake_case.
-- Departures from upstream, on purpose:
--   * every tenant table carries tenant_id (join tables too) so one RLS policy shape covers all;
--   * pulse_response has no user column and no date finer than its ISO week (week_start, a Monday);
--   * pulse_invite keeps only whether it was answered (status), never when (no completed_at, no updated_at);
--   * question.search_vector is a stored tsvector kept by a trigger, with a GIN index.

CREATE TYPE question_status AS ENUM ('OPEN', 'ANSWERED', 'UNDER_REVIEW');
CREATE TYPE pulse_scale AS ENUM ('LIKERT_1_5', 'NPS_0_10');
CREATE TYPE pulse_cadence AS ENUM ('WEEKLY', 'BIWEEKLY', 'MONTHLY');
CREATE TYPE pulse_channel AS ENUM ('SLACK', 'EMAIL');
CREATE TYPE pulse_invite_status AS ENUM ('PENDING', 'SENT', 'COMPLETED', 'EXPIRED');

CREATE TABLE tenant (
    id          text PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,50}$'),
    name        text NOT NULL,
    setup_complete boolean NOT NULL DEFAULT true,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE TABLE tenant_settings (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL UNIQUE REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE TABLE team (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    slug        text NOT NULL CHECK (slug ~ '^[a-z0-9-]{1,50}$'),
    description text CHECK (description IS NULL OR char_length(description) <= 500),
    is_active   boolean NOT NULL DEFAULT true,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    UNIQUE (tenant_id, slug),
    UNIQUE (tenant_id, id)
);
CREATE INDEX team_tenant_idx ON team (tenant_id);

CREATE TABLE app_user (
    id              text PRIMARY KEY,
    tenant_id       text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    email           text NOT NULL,
    name            text,
    sso_id          text,
    avatar_url      text,
    primary_team_id text NOT NULL,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at      timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    UNIQUE (tenant_id, email),
    UNIQUE (tenant_id, sso_id),
    UNIQUE (tenant_id, id),
    -- the primary team must live in the same tenant
    FOREIGN KEY (tenant_id, primary_team_id) REFERENCES team (tenant_id, id) ON UPDATE CASCADE
);
CREATE INDEX app_user_tenant_idx ON app_user (tenant_id);
CREATE INDEX app_user_primary_team_idx ON app_user (primary_team_id);
CREATE INDEX app_user_lower_email_idx ON app_user (tenant_id, lower(email));

CREATE TABLE team_membership (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id     text NOT NULL,
    team_id     text NOT NULL,
    role        text NOT NULL DEFAULT 'member'
                CHECK (role IN ('viewer', 'member', 'moderator', 'admin', 'owner')),
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    UNIQUE (user_id, team_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (tenant_id, team_id) REFERENCES team (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX team_membership_tenant_idx ON team_membership (tenant_id);
CREATE INDEX team_membership_team_idx ON team_membership (team_id);

CREATE TABLE user_preferences (
    id                  text PRIMARY KEY,
    tenant_id           text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id             text NOT NULL UNIQUE,
    favorite_teams      jsonb NOT NULL DEFAULT '[]'::jsonb,
    default_team_id     text REFERENCES team (id) ON DELETE SET NULL ON UPDATE CASCADE,
    email_notifications boolean NOT NULL DEFAULT true,
    pulse_emails        boolean NOT NULL DEFAULT true,
    color_mode          text NOT NULL DEFAULT 'system' CHECK (color_mode IN ('light', 'dark', 'system')),
    created_at          timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at          timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX user_preferences_tenant_idx ON user_preferences (tenant_id);

CREATE TABLE question (
    id                    text PRIMARY KEY,
    tenant_id             text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    body                  text NOT NULL,
    upvotes               integer NOT NULL DEFAULT 0 CHECK (upvotes >= 0),
    status                question_status NOT NULL DEFAULT 'OPEN',
    response_text         text,
    responded_at          timestamp(3),
    created_at            timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at            timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    team_id               text REFERENCES team (id) ON DELETE SET NULL ON UPDATE CASCADE,
    author_id             text REFERENCES app_user (id) ON DELETE SET NULL ON UPDATE CASCADE,
    is_anonymous          boolean NOT NULL DEFAULT true,
    is_pinned             boolean NOT NULL DEFAULT false,
    pinned_by             text,
    pinned_at             timestamp(3),
    is_frozen             boolean NOT NULL DEFAULT false,
    frozen_by             text,
    frozen_at             timestamp(3),
    reviewed_by           text,
    reviewed_at           timestamp(3),
    moderation_reasons    text[] NOT NULL DEFAULT '{}',
    moderation_confidence text CHECK (moderation_confidence IN ('high', 'medium', 'low')),
    moderation_providers  text[] NOT NULL DEFAULT '{}',
    rejection_reason      text,
    deleted_at            timestamp(3),
    search_vector         tsvector,
    UNIQUE (tenant_id, id)
);
CREATE INDEX question_tenant_idx ON question (tenant_id);
CREATE INDEX question_tenant_status_idx ON question (tenant_id, status);
CREATE INDEX question_tenant_team_idx ON question (tenant_id, team_id);
CREATE INDEX question_tenant_upvotes_idx ON question (tenant_id, upvotes DESC, created_at DESC);
CREATE INDEX question_tenant_created_idx ON question (tenant_id, created_at DESC);
CREATE INDEX question_pinned_idx ON question (is_pinned);
CREATE INDEX question_reviewed_by_idx ON question (reviewed_by);
CREATE INDEX question_author_idx ON question (tenant_id, author_id);
CREATE INDEX question_moderation_confidence_idx ON question (moderation_confidence);
CREATE INDEX question_search_vector_idx ON question USING GIN (search_vector);

CREATE FUNCTION question_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.body, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.response_text, '')), 'B');
    RETURN NEW;
END
$$;
CREATE TRIGGER question_search_vector_trigger
    BEFORE INSERT OR UPDATE OF body, response_text ON question
    FOR EACH ROW EXECUTE FUNCTION question_search_vector_update();

CREATE TABLE tag (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description text CHECK (description IS NULL OR char_length(description) <= 500),
    color       text NOT NULL DEFAULT '#3B82F6' CHECK (color ~* '^#[0-9A-F]{6}$'),
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    UNIQUE (tenant_id, name),
    UNIQUE (tenant_id, id)
);
CREATE INDEX tag_tenant_idx ON tag (tenant_id);

CREATE TABLE question_tag (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    question_id text NOT NULL,
    tag_id      text NOT NULL,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    UNIQUE (question_id, tag_id),
    FOREIGN KEY (tenant_id, question_id) REFERENCES question (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (tenant_id, tag_id) REFERENCES tag (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX question_tag_tag_idx ON question_tag (tag_id);

CREATE TABLE upvote (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    question_id text NOT NULL,
    user_id     text NOT NULL,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    -- one upvote per user per question, enforced here rather than in application code
    UNIQUE (question_id, user_id),
    FOREIGN KEY (tenant_id, question_id) REFERENCES question (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX upvote_user_idx ON upvote (user_id, question_id);

CREATE TABLE audit_log (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON UPDATE CASCADE,
    user_id     text,
    action      text NOT NULL,
    entity_type text NOT NULL,
    entity_id   text,
    before      jsonb,
    after       jsonb,
    ip_address  text,
    user_agent  text,
    metadata    jsonb,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);
CREATE INDEX audit_log_tenant_created_idx ON audit_log (tenant_id, created_at DESC);
CREATE INDEX audit_log_tenant_user_idx ON audit_log (tenant_id, user_id);
CREATE INDEX audit_log_tenant_action_idx ON audit_log (tenant_id, action);
CREATE INDEX audit_log_tenant_entity_idx ON audit_log (tenant_id, entity_type, entity_id);

-- Audit rows are evidence: no role, not even the owner, may change or remove one.
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log rows are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

CREATE TABLE pulse_question (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    text        text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
    scale       pulse_scale NOT NULL DEFAULT 'LIKERT_1_5',
    active      boolean NOT NULL DEFAULT true,
    category    text,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    UNIQUE (tenant_id, id)
);
CREATE INDEX pulse_question_tenant_idx ON pulse_question (tenant_id, active);

CREATE TABLE pulse_schedule (
    id                  text PRIMARY KEY,
    tenant_id           text NOT NULL UNIQUE REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    cadence             pulse_cadence NOT NULL DEFAULT 'WEEKLY',
    day_of_week         integer NOT NULL DEFAULT 1 CHECK (day_of_week BETWEEN 0 AND 6),
    time_of_day         text NOT NULL DEFAULT '09:00' CHECK (time_of_day ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    timezone            text NOT NULL DEFAULT 'UTC',
    rotating_cohorts    boolean NOT NULL DEFAULT true,
    enabled             boolean NOT NULL DEFAULT true,
    -- rotation state: each run advances these so every cohort meets every question over time
    next_cohort_index   integer NOT NULL DEFAULT 0,
    next_question_index integer NOT NULL DEFAULT 0,
    last_run_at         timestamp(3),
    created_at          timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at          timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);

CREATE TABLE pulse_cohort (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    user_ids    jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(user_ids) = 'array'),
    position    integer NOT NULL DEFAULT 0,
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    UNIQUE (tenant_id, name)
);
CREATE INDEX pulse_cohort_tenant_idx ON pulse_cohort (tenant_id);

CREATE TABLE pulse_invite (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id     text REFERENCES app_user (id) ON DELETE SET NULL ON UPDATE CASCADE,
    team_id     text,
    channel     pulse_channel NOT NULL DEFAULT 'EMAIL',
    question_id text NOT NULL,
    token       text NOT NULL UNIQUE,
    week_start  date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    expires_at  timestamp(3) NOT NULL,
    sent_at     timestamp(3),
    status      pulse_invite_status NOT NULL DEFAULT 'PENDING',
    created_at  timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    FOREIGN KEY (tenant_id, question_id) REFERENCES pulse_question (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX pulse_invite_tenant_user_idx ON pulse_invite (tenant_id, user_id);
CREATE INDEX pulse_invite_tenant_team_week_idx ON pulse_invite (tenant_id, team_id, week_start);
CREATE INDEX pulse_invite_tenant_status_idx ON pulse_invite (tenant_id, status);
CREATE INDEX pulse_invite_expires_idx ON pulse_invite (expires_at);

-- Anonymous by construction: no user, no invite, no timestamp finer than the ISO week.
CREATE TABLE pulse_response (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
    team_id     text,
    question_id text NOT NULL,
    score       integer NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment     text CHECK (comment IS NULL OR char_length(comment) <= 2000),
    week_start  date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    FOREIGN KEY (tenant_id, question_id) REFERENCES pulse_question (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX pulse_response_tenant_question_idx ON pulse_response (tenant_id, question_id, week_start);
CREATE INDEX pulse_response_tenant_team_week_idx ON pulse_response (tenant_id, team_id, week_start);
