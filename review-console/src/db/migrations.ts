import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DbEngine } from './tables.js';

/*
 * One migration set for both engines, kept in code so the compiled CLI needs no migration
 * folder. Only the audit-log guard differs by engine: the log must refuse UPDATE and DELETE even
 * from someone with a SQL prompt on the console's own connection.
 */

function initial(engine: DbEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('districts').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).addColumn('created_at', 'text', (c) => c.notNull()).execute();
      await db.schema
        .createTable('wards')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('district_id', 'text', (c) => c.references('districts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('district_id', 'text', (c) => c.references('districts.id'))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('user_wards')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('ward_id', 'text', (c) => c.notNull().references('wards.id'))
        .addPrimaryKeyConstraint('user_wards_pk', ['user_id', 'ward_id'])
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ward_id', 'text', (c) => c.notNull().references('wards.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('media')
        .addColumn('violation_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('media_pk', ['violation_id', 'kind'])
        .execute();
      let violations = db.schema.createTable('violations').addColumn('id', 'text', (c) => c.primaryKey());
      for (const column of ['ward_id', 'camera_id', 'camera_name', 'agent_id', 'agent_version', 'rule_type', 'zone_id', 'classes_json', 'scores_json', 'track_ids_json', 'bbox_json', 'boxes_json', 'started_at', 'triggered_at']) {
        violations = violations.addColumn(column, 'text', (c) => c.notNull());
      }
      await violations
        .addColumn('ended_at', 'text')
        .addColumn('clip_sha256', 'text', (c) => c.notNull())
        .addColumn('clip_bytes', 'integer', (c) => c.notNull())
        .addColumn('clip_duration', 'double precision')
        .addColumn('snapshot_sha256', 'text', (c) => c.notNull())
        .addColumn('snapshot_bytes', 'integer', (c) => c.notNull())
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('model_sha256', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('plate', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .execute();
      // The review queue: one ward (or a few), one status, newest or oldest first, keyset by (triggered_at, id).
      await db.schema.createIndex('violations_ward_status_time').on('violations').columns(['ward_id', 'status', 'triggered_at', 'id']).execute();
      await db.schema.createIndex('violations_ward_time').on('violations').columns(['ward_id', 'triggered_at', 'id']).execute();
      await db.schema.createIndex('violations_status_time').on('violations').columns(['status', 'triggered_at', 'id']).execute();
      await db.schema.createIndex('violations_time').on('violations').columns(['triggered_at', 'id']).execute();
      await db.schema.createIndex('violations_camera_time').on('violations').columns(['camera_id', 'triggered_at', 'id']).execute();
      await db.schema.createIndex('violations_decided').on('violations').columns(['decided_at']).execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_username', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('violation_id', 'text')
        .addColumn('ward_id', 'text')
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .execute();
      await db.schema.createIndex('audit_violation').on('audit_log').columns(['violation_id', 'id']).execute();
      await db.schema.createIndex('audit_ward').on('audit_log').columns(['ward_id', 'id']).execute();
      if (engine === 'sqlite') {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`.execute(db);
      } else {
        await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
      }

      await db.schema
        .createTable('camera_status')
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('camera_id', 'text', (c) => c.notNull())
        .addColumn('ward_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('fps', 'double precision', (c) => c.notNull())
        .addColumn('last_frame_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('restarts', 'integer', (c) => c.notNull())
        .addColumn('agent_version', 'text', (c) => c.notNull())
        .addColumn('outbox_pending', 'integer', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('interval_ms', 'integer')
        .addPrimaryKeyConstraint('camera_status_pk', ['agent_id', 'camera_id'])
        .execute();
    },
  };
}

/**
 * Retention and district dashboards.
 * - `purged_at` marks a case whose evidence and personal data were deleted (its counts stay).
 * - `decision_seconds` (trigger to decision) is stored with the decision, so the medians sort a
 *   plain number instead of parsing two time strings per case; existing decisions are backfilled.
 * - violations_retention: each retention run finds exactly the unpurged cases of one status
 *   decided before a cutoff, without walking the purged ones.
 * - violations_figures covers the dashboard's filter and grouping columns, so a period's counts
 *   are read from the index alone instead of from the wide case rows.
 * - violations_ward_decision hands the per-ward median its rows already in (ward, seconds)
 *   order, so neither engine has to sort them.
 * - violations_pending covers the backlog counts (pending cases of any age, per group).
 */
function retentionAndFigures(engine: DbEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('violations').addColumn('purged_at', 'text').execute();
      await db.schema.alterTable('violations').addColumn('decision_seconds', 'double precision').execute();
      const seconds =
        engine === 'postgres'
          ? sql`extract(epoch from (decided_at::timestamptz - triggered_at::timestamptz))`
          : sql`(unixepoch(decided_at, 'subsec') - unixepoch(triggered_at, 'subsec'))`;
      await sql`update violations set decision_seconds = ${seconds} where decided_at is not null`.execute(db);
      await db.schema.createIndex('violations_retention').on('violations').columns(['purged_at', 'status', 'decided_at']).execute();
      await db.schema
        .createIndex('violations_figures')
        .on('violations')
        .columns(['triggered_at', 'ward_id', 'status', 'rule_type', 'camera_id', 'camera_name', 'decision_seconds'])
        .execute();
      await db.schema
        .createIndex('violations_ward_decision')
        .on('violations')
        .columns(['ward_id', 'decision_seconds', 'triggered_at'])
        .where(sql.ref('decision_seconds'), 'is not', null)
        .execute();
      await db.schema.createIndex('violations_pending').on('violations').columns(['status', 'ward_id', 'rule_type', 'camera_id']).execute();
    },
  };
}

/**
 * The per-ward median with a rule or camera filter read every decided case's row from the table,
 * because violations_ward_decision did not hold `rule_type` and `camera_id` (216 ms for a
 * district's quarter of littering cases on 100,000 cases, SQLite). The index now covers every
 * column the median reads, so it is answered from the index alone whatever the filter.
 */
function coveringDecisionIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('violations_ward_decision').execute();
      await db.schema
        .createIndex('violations_ward_decision')
        .on('violations')
        .columns(['ward_id', 'decision_seconds', 'triggered_at', 'rule_type', 'camera_id'])
        .where(sql.ref('decision_seconds'), 'is not', null)
        .execute();
    },
  };
}

/**
 * The installer workflow: agents enrol with a one-time token and follow a config the console
 * manages in numbered versions; installers test cameras through the agent (probes).
 * - agents gain when they enrolled, what config they last reported running and when they were
 *   last seen (sync or heartbeat), so the console can show agents that lag behind.
 * - agent_enrolments keeps only a token's sha256, its expiry and when it was spent.
 * - config_versions holds each agent's whole camera list per version; (agent_id, version) is the
 *   key, so two installers saving at once cannot both create the same version.
 * - probes keeps the stream URL sealed (it carries the camera's password) and the grabbed JPEG.
 */
function installerWorkflow(engine: DbEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['enrolled_at', 'running_config_version', 'last_seen_at']) {
        await db.schema.alterTable('agents').addColumn(column, 'text').execute();
      }
      await db.schema
        .createTable('agent_enrolments')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('spent_at', 'text')
        .execute();
      await db.schema.createIndex('agent_enrolments_agent').on('agent_enrolments').columns(['agent_id', 'spent_at', 'expires_at']).execute();
      await db.schema
        .createTable('config_versions')
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('rolled_back_from', 'integer')
        .addPrimaryKeyConstraint('config_versions_pk', ['agent_id', 'version'])
        .execute();
      await db.schema
        .createTable('probes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('url_sealed', 'text', (c) => c.notNull())
        .addColumn('transport', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('picked_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('stream_json', 'text')
        .addColumn('error', 'text')
        .addColumn('snapshot', engine === 'postgres' ? 'bytea' : 'blob')
        .execute();
      await db.schema.createIndex('probes_agent_state').on('probes').columns(['agent_id', 'state', 'created_at']).execute();
    },
  };
}

/**
 * Review of the installer workflow:
 * - agents.running_reported_at: when the running config version was reported, so a late heartbeat
 *   cannot move it back.
 * - config_versions.changes: the version's summary in words, kept when it is saved so the version
 *   list reads no documents (older rows are filled in when first listed).
 */
function installerReview(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('agents').addColumn('running_reported_at', 'text').execute();
      await db.schema.alterTable('config_versions').addColumn('changes', 'text').execute();
    },
  };
}

/**
 * A ward-first twin of violations_figures. With planner statistics (see OpenDatabase.optimize)
 * SQLite serves GROUP BY ward or (ward, camera) from the ward index in ward order, but
 * violations_ward_time does not hold the camera and status, so each of a quarter's cases was
 * read from the table (525 ms for every camera of a district). This one covers them: 37 ms.
 */
function wardFirstFiguresIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('violations_ward_figures')
        .on('violations')
        .columns(['ward_id', 'triggered_at', 'status', 'camera_id', 'camera_name', 'rule_type', 'decision_seconds'])
        .execute();
    },
  };
}

/**
 * Camera health reports the evidence recording apart from detection (agents record in their own
 * ffmpeg): a camera can be up, detecting, while its record stream fails. Null for agents that do
 * not report it and for cameras that record nothing.
 */
function recordHealth(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('camera_status').addColumn('record_state', 'text').execute();
      await db.schema.alterTable('camera_status').addColumn('record_error', 'text').execute();
    },
  };
}

/** How a case's clip falls short of its window (a still, a partial clip), as the agent said: JSON, null when it covers it. */
function clipShortfall(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('violations').addColumn('clip_shortfall_json', 'text').execute();
    },
  };
}

/** A case's zone by name, and where in its clip the arrival and the trigger are (JSON): both null from older agents. */
function zoneNameAndClipMarks(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('violations').addColumn('zone_name', 'text').execute();
      await db.schema.alterTable('violations').addColumn('clip_marks_json', 'text').execute();
    },
  };
}

/** Whether each agent runs the console's config or its own file, as it says when it syncs. */
function agentConfigMode(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('agents').addColumn('config_mode', 'text').execute();
    },
  };
}

/** "Find cameras": ONVIF searches an installer asks an agent to run, the login sealed, the answer as JSON. */
function discoveries(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('discoveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('request_sealed', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('picked_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('result_json', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('discoveries_agent_state').on('discoveries').columns(['agent_id', 'state', 'created_at']).execute();
    },
  };
}

export class ConsoleMigrations implements MigrationProvider {
  constructor(private readonly engine: DbEngine) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '2025-01-01-initial': initial(this.engine),
      '2025-07-01-retention-and-figures': retentionAndFigures(this.engine),
      '2026-11-28-covering-decision-index': coveringDecisionIndex(),
      '2026-11-28-installer-workflow': installerWorkflow(this.engine),
      '2026-12-01-installer-review': installerReview(),
      '2026-12-02-ward-first-figures-index': wardFirstFiguresIndex(),
      '2026-12-07-record-health': recordHealth(),
      '2026-12-07-clip-shortfall': clipShortfall(),
      '2026-12-07-discoveries': discoveries(),
      '2026-12-08-zone-name-and-clip-marks': zoneNameAndClipMarks(),
      '2026-12-08-agent-config-mode': agentConfigMode(),
    };
  }
}
