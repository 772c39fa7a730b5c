-- Pulse reminders: an invite remembers that its one reminder was sent, so the scheduler never sends a second.
-- A boolean on purpose, not a time: the invite still records nothing about when anyone acted.
-- The partial index serves the scheduler's per-tick search for delivered, unanswered, unreminded invites.

ALTER TABLE pulse_invite ADD COLUMN reminded boolean NOT NULL DEFAULT false;

CREATE INDEX pulse_invite_reminder_due_idx ON pulse_invite (tenant_id, sent_at)
    WHERE status = 'SENT' AND NOT reminded;
