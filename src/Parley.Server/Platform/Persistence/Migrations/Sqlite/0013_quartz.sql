-- 0013: Quartz.NET's job store (AdoJobStore, SQLiteDelegate), in Parley's own database file.
-- The schema Quartz 4.7 validates at start-up (its published tables_sqlite.sql): qrtz_* tables
-- belong to Quartz, not to the EF model; change them only with Quartz's own upgrade scripts.
-- SQLite honours ON DELETE CASCADE only on connections with foreign_keys on, so the SQL triggers at
-- the end remove a Quartz trigger's detail rows with it on any connection, as Quartz's script does.
-- The execution-history tables are created too, unused for now, so turning history on needs no migration.

CREATE TABLE qrtz_job_details (
  sched_name NVARCHAR(120) NOT NULL,
  job_name NVARCHAR(150) NOT NULL,
  job_group NVARCHAR(150) NOT NULL,
  description NVARCHAR(250) NULL,
  job_class_name NVARCHAR(250) NOT NULL,
  is_durable BIT NOT NULL,
  is_nonconcurrent BIT NOT NULL,
  is_update_data BIT NOT NULL,
  requests_recovery BIT NOT NULL,
  job_data BLOB NULL,
  PRIMARY KEY (sched_name,job_name,job_group)
);

CREATE TABLE qrtz_triggers (
  sched_name NVARCHAR(120) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  job_name NVARCHAR(150) NOT NULL,
  job_group NVARCHAR(150) NOT NULL,
  description NVARCHAR(250) NULL,
  next_fire_time BIGINT NULL,
  prev_fire_time BIGINT NULL,
  priority INTEGER NULL,
  trigger_state NVARCHAR(16) NOT NULL,
  trigger_type NVARCHAR(8) NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT NULL,
  calendar_name NVARCHAR(200) NULL,
  misfire_instr INTEGER NULL,
  misfire_orig_fire_time INTEGER NULL,
  execution_group NVARCHAR(200) NULL,
  preferred_node NVARCHAR(200) NULL,
  preferred_node_auto BIT NOT NULL DEFAULT 0,
  retry_policy NVARCHAR(250) NULL,
  retry_attempt INTEGER NULL,
  continues_trigger_name NVARCHAR(150) NULL,
  continues_trigger_group NVARCHAR(150) NULL,
  continuation_condition INTEGER NULL,
  overlap_policy INTEGER NULL,
  pause_reason NVARCHAR(250) NULL,
  paused_by NVARCHAR(200) NULL,
  paused_at BIGINT NULL,
  misfire_threshold BIGINT NULL,
  fixed_delay BIT NULL,
  job_data BLOB NULL,
  PRIMARY KEY (sched_name,trigger_name,trigger_group),
  FOREIGN KEY (sched_name,job_name,job_group) REFERENCES qrtz_job_details (sched_name,job_name,job_group)
);

CREATE TABLE qrtz_simple_triggers (
  sched_name NVARCHAR(120) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  repeat_count BIGINT NOT NULL,
  repeat_interval BIGINT NOT NULL,
  times_triggered BIGINT NOT NULL,
  PRIMARY KEY (sched_name,trigger_name,trigger_group),
  FOREIGN KEY (sched_name,trigger_name,trigger_group) REFERENCES qrtz_triggers (sched_name,trigger_name,trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_cron_triggers (
  sched_name NVARCHAR(120) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  cron_expression NVARCHAR(250) NOT NULL,
  time_zone_id NVARCHAR(80),
  PRIMARY KEY (sched_name,trigger_name,trigger_group),
  FOREIGN KEY (sched_name,trigger_name,trigger_group) REFERENCES qrtz_triggers (sched_name,trigger_name,trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_simprop_triggers (
  sched_name NVARCHAR(120) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  str_prop_1 NVARCHAR(512) NULL,
  str_prop_2 NVARCHAR(512) NULL,
  str_prop_3 NVARCHAR(512) NULL,
  int_prop_1 INT NULL,
  int_prop_2 INT NULL,
  long_prop_1 BIGINT NULL,
  long_prop_2 BIGINT NULL,
  dec_prop_1 NUMERIC NULL,
  dec_prop_2 NUMERIC NULL,
  bool_prop_1 BIT NULL,
  bool_prop_2 BIT NULL,
  time_zone_id NVARCHAR(80) NULL,
  PRIMARY KEY (sched_name,trigger_name,trigger_group),
  FOREIGN KEY (sched_name,trigger_name,trigger_group) REFERENCES qrtz_triggers (sched_name,trigger_name,trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_blob_triggers (
  sched_name NVARCHAR(120) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  blob_data BLOB NULL,
  PRIMARY KEY (sched_name,trigger_name,trigger_group),
  FOREIGN KEY (sched_name,trigger_name,trigger_group) REFERENCES qrtz_triggers (sched_name,trigger_name,trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_calendars (
  sched_name NVARCHAR(120) NOT NULL,
  calendar_name NVARCHAR(200) NOT NULL,
  calendar BLOB NOT NULL,
  PRIMARY KEY (sched_name,calendar_name)
);

CREATE TABLE qrtz_paused_trigger_grps (
  sched_name NVARCHAR(120) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  pause_reason NVARCHAR(250) NULL,
  paused_by NVARCHAR(200) NULL,
  paused_at BIGINT NULL,
  PRIMARY KEY (sched_name,trigger_group)
);

CREATE TABLE qrtz_paused_job_grps (
  sched_name NVARCHAR(120) NOT NULL,
  job_group NVARCHAR(150) NOT NULL,
  pause_reason NVARCHAR(250) NULL,
  paused_by NVARCHAR(200) NULL,
  paused_at BIGINT NULL,
  PRIMARY KEY (sched_name,job_group)
);

CREATE TABLE qrtz_fired_triggers (
  sched_name NVARCHAR(120) NOT NULL,
  entry_id NVARCHAR(140) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  instance_name NVARCHAR(200) NOT NULL,
  fired_time BIGINT NOT NULL,
  sched_time BIGINT NOT NULL,
  priority INTEGER NOT NULL,
  state NVARCHAR(16) NOT NULL,
  job_name NVARCHAR(150) NULL,
  job_group NVARCHAR(150) NULL,
  is_nonconcurrent BIT NULL,
  requests_recovery BIT NULL,
  execution_group NVARCHAR(200) NULL,
  progress INTEGER NULL,
  progress_message NVARCHAR(250) NULL,
  interrupt_requested_time BIGINT NULL,
  PRIMARY KEY (sched_name,entry_id)
);

CREATE TABLE qrtz_scheduler_state (
  sched_name NVARCHAR(120) NOT NULL,
  instance_name NVARCHAR(200) NOT NULL,
  last_checkin_time BIGINT NOT NULL,
  checkin_interval BIGINT NOT NULL,
  quartz_version NVARCHAR(20) NULL,
  PRIMARY KEY (sched_name,instance_name)
);

CREATE TABLE qrtz_locks (
  sched_name NVARCHAR(120) NOT NULL,
  lock_name NVARCHAR(40) NOT NULL,
  PRIMARY KEY (sched_name,lock_name)
);

CREATE TABLE qrtz_execution_history (
  sched_name NVARCHAR(120) NOT NULL,
  entry_id NVARCHAR(140) NOT NULL,
  instance_name NVARCHAR(200) NOT NULL,
  job_name NVARCHAR(150) NOT NULL,
  job_group NVARCHAR(150) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  fired_time BIGINT NOT NULL,
  run_time BIGINT NOT NULL,
  succeeded BIT NOT NULL,
  error_message NVARCHAR(1000) NULL,
  retry_attempt INTEGER NOT NULL DEFAULT 0,
  retry_scheduled BIT NOT NULL DEFAULT 0,
  execution_log TEXT NULL,
  result INTEGER NULL,
  summary NVARCHAR(1000) NULL,
  metrics TEXT NULL,
  manual BIT NULL,
  fire_instance_id NVARCHAR(140) NULL,
  job_input TEXT NULL,
  job_input_too_large BIT NULL,
  PRIMARY KEY (sched_name,entry_id)
);

CREATE TABLE qrtz_misfire_history (
  sched_name NVARCHAR(120) NOT NULL,
  entry_id NVARCHAR(140) NOT NULL,
  instance_name NVARCHAR(200) NOT NULL,
  trigger_name NVARCHAR(150) NOT NULL,
  trigger_group NVARCHAR(150) NOT NULL,
  job_name NVARCHAR(150) NULL,
  job_group NVARCHAR(150) NULL,
  misfire_time BIGINT NOT NULL,
  sched_time BIGINT NULL,
  reason INTEGER NULL,
  PRIMARY KEY (sched_name,entry_id)
);

CREATE TABLE qrtz_job_status (
  sched_name NVARCHAR(120) NOT NULL,
  job_group NVARCHAR(150) NOT NULL,
  job_name NVARCHAR(150) NOT NULL,
  first_fired_time BIGINT NOT NULL,
  last_fired_time BIGINT NOT NULL,
  last_result INTEGER NOT NULL,
  last_run_time BIGINT NOT NULL,
  last_instance_name NVARCHAR(200) NOT NULL,
  last_entry_id NVARCHAR(140) NULL,
  last_summary NVARCHAR(1000) NULL,
  last_success_time BIGINT NULL,
  last_failure_time BIGINT NULL,
  last_failure_message NVARCHAR(1000) NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  run_count BIGINT NOT NULL DEFAULT 0,
  failure_count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (sched_name,job_group,job_name)
);

CREATE TRIGGER qrtz_delete_simple_trigger DELETE ON qrtz_triggers
BEGIN
  DELETE FROM qrtz_simple_triggers WHERE sched_name=OLD.sched_name AND trigger_name=OLD.trigger_name AND trigger_group=OLD.trigger_group;
END;

CREATE TRIGGER qrtz_delete_simprop_trigger DELETE ON qrtz_triggers
BEGIN
  DELETE FROM qrtz_simprop_triggers WHERE sched_name=OLD.sched_name AND trigger_name=OLD.trigger_name AND trigger_group=OLD.trigger_group;
END;

CREATE TRIGGER qrtz_delete_cron_trigger DELETE ON qrtz_triggers
BEGIN
  DELETE FROM qrtz_cron_triggers WHERE sched_name=OLD.sched_name AND trigger_name=OLD.trigger_name AND trigger_group=OLD.trigger_group;
END;

CREATE TRIGGER qrtz_delete_blob_trigger DELETE ON qrtz_triggers
BEGIN
  DELETE FROM qrtz_blob_triggers WHERE sched_name=OLD.sched_name AND trigger_name=OLD.trigger_name AND trigger_group=OLD.trigger_group;
END;

CREATE INDEX idx_qrtz_j_g_n ON qrtz_job_details(sched_name,job_group,job_name);

CREATE INDEX idx_qrtz_t_j ON qrtz_triggers(sched_name,job_name,job_group);

CREATE INDEX idx_qrtz_t_g_n ON qrtz_triggers(sched_name,trigger_group,trigger_name);

CREATE INDEX idx_qrtz_t_c ON qrtz_triggers(sched_name,calendar_name);

CREATE INDEX idx_qrtz_t_nft_st ON qrtz_triggers(sched_name,trigger_state,next_fire_time ASC,priority DESC,misfire_instr);

CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON qrtz_fired_triggers(sched_name,instance_name,requests_recovery);

CREATE INDEX idx_qrtz_ft_j_g ON qrtz_fired_triggers(sched_name,job_name,job_group);

CREATE INDEX idx_qrtz_ft_t_g ON qrtz_fired_triggers(sched_name,trigger_name,trigger_group);

CREATE INDEX idx_qrtz_eh_fired_time ON qrtz_execution_history(sched_name,fired_time);

CREATE INDEX idx_qrtz_eh_inst ON qrtz_execution_history(sched_name,instance_name);

CREATE INDEX idx_qrtz_mh_misfire_time ON qrtz_misfire_history(sched_name,misfire_time);

CREATE INDEX idx_qrtz_mh_inst ON qrtz_misfire_history(sched_name,instance_name);

CREATE INDEX idx_qrtz_eh_job_time ON qrtz_execution_history(sched_name,job_group,job_name,fired_time);

CREATE INDEX idx_qrtz_eh_fire_inst ON qrtz_execution_history(sched_name,fire_instance_id);

CREATE INDEX idx_qrtz_eh_trig_time ON qrtz_execution_history(sched_name,trigger_group,trigger_name,fired_time);
