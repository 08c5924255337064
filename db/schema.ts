import type { Generated } from 'kysely';
import type { AgendaKind, AttendanceStatus, AttendeeCategory, BodyKind, MeetingStatus, MemberRole, MemberStatus, SignInMethod, TermLevel, VoteKind } from '../shared/domain/labels.js';
import type { PollStatus, VoteChannel } from '../shared/domain/polls/lifecycle.js';
import type { OpinionEventKind, OpinionStatus, PlanKind, RectificationStatus } from '../shared/domain/supervision/labels.js';

/**
 * The database as Kysely sees it. Column names are snake_case as in SQL; nullable
 * columns are `T | null`. Enumerations are checked by the tables (CHECK) and typed here as
 * the same unions the contract uses.
 */
export interface TermTable {
  id: Generated<number>;
  name: string;
  level: TermLevel;
  start_date: string;
  end_date: string | null;
  created_at: string;
}

export interface MemberTable {
  id: Generated<number>;
  term_id: number;
  name: string;
  role: MemberRole;
  status: MemberStatus;
  seat_order: number;
  note: string | null;
  created_at: string;
}

export interface BodyTable {
  id: Generated<number>;
  name: string;
  kind: BodyKind;
  sort_order: number;
  active: number;
  created_at: string;
}

export interface MeetingTable {
  id: Generated<number>;
  term_id: number;
  number: number;
  date: string;
  place: string;
  status: MeetingStatus;
  created_at: string;
  updated_at: string;
  /** 1 when logging in on a device signs a member in (migration 0007). */
  device_sign_in: Generated<number>;
}

export interface AgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  kind: AgendaKind;
  title: string;
  body_id: number | null;
  notes: string | null;
  vote_kind: VoteKind | null;
  /** The supervision plan item this agenda item carries out (migration 0005). */
  plan_item_id: number | null;
  created_at: string;
}

export interface PaperTable {
  id: Generated<number>;
  agenda_item_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  created_at: string;
}

export interface AttendanceTable {
  meeting_id: number;
  member_id: number;
  status: AttendanceStatus;
  updated_at: string;
  /** How the member came to be recorded (migration 0007); null for older rows. */
  method: SignInMethod | null;
  /** The reason for 代签 or 请假. */
  note: string | null;
}

/** Someone attending without a vote (列席); never counted in the quorum. */
export interface AttendeeTable {
  id: Generated<number>;
  meeting_id: number;
  name: string;
  organisation: string;
  category: AttendeeCategory;
  created_at: string;
}

export interface PollTable {
  id: Generated<number>;
  agenda_item_id: number;
  series_id: number | null;
  round: number;
  kind: VoteKind;
  title: string;
  anonymous: number;
  /** JSON of the poll definition (shared/domain/polls), frozen once the poll opens. */
  definition: string;
  status: PollStatus;
  auto_close: number;
  double_entry: number;
  /** Paper sheets issued as a count (polls sealed by tally version 1 only). */
  paper_issued: number | null;
  /** Sheets handed out before hand-outs were kept by name (polls open during the upgrade to 0004). */
  paper_unnamed: Generated<number>;
  /** Lowest attendance seen while the poll was open. */
  lowest_present: number | null;
  serving_at_open: number | null;
  present_at_open: number | null;
  opened_at: string | null;
  closed_at: string | null;
  released_at: string | null;
  created_at: string;
}

/**
 * A sealed ballot: the poll, its place in the sorted ballot set, the canonical choices. No
 * member, no time, no channel, no receipt; written in key order at close (migration 0004).
 */
export interface BallotTable {
  poll_id: number;
  seq: number;
  payload: string;
}

/** A device ballot while its poll is open, under a random key. */
export interface BallotStageTable {
  poll_id: number;
  id: string;
  payload: string;
}

/** Receipts of a poll: while open (stage), and the published list after close. */
export interface ReceiptTable {
  poll_id: number;
  receipt: string;
}

/** Who took part while the poll is open, and how (never which ballot). */
export interface RollStageTable {
  poll_id: number;
  member_id: number;
  channel: VoteChannel;
}

/** 记名 polls only: the member's ballot while open. */
export interface NamedStageTable {
  poll_id: number;
  member_id: number;
  ballot_id: string;
}

export interface CredentialTable {
  id: Generated<number>;
  meeting_id: number;
  member_id: number;
  code: string;
  status: 'active' | 'revoked';
  issued_at: string;
  revoked_at: string | null;
}

/** Members entitled to vote (fixed at open), and after close the roll of who took part. */
export interface PollMemberTable {
  poll_id: number;
  member_id: number;
}

/** 记名 polls only: how each member voted, after close. */
export interface NamedVoteTable {
  poll_id: number;
  member_id: number;
  payload: string;
}

export interface PaperSheetTable {
  poll_id: number;
  sheet_no: number;
  first_entry: string;
  second_entry: string | null;
  /** The agreed payload once the sheet counts; null while pending. */
  counted: string | null;
}

export interface PollResultTable {
  poll_id: number;
  result: string;
  ballot_count: number;
  digest: string;
  sealed_at: string;
  /** Which frozen tally produced `result` (shared/domain/polls/tally-versions.ts). */
  tally_version: Generated<number>;
  /** Canonical JSON of the tally context (tally version 2 on); version 1 reads it from the poll row. */
  context: string | null;
}

/** A file the export centre built (exports/ in the data folder). */
export interface ExportFileTable {
  id: Generated<number>;
  report: string;
  format: 'docx' | 'xlsx' | 'csv';
  title: string;
  file_name: string;
  stored_name: string | null;
  size: number | null;
  status: 'building' | 'done' | 'failed';
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Local settings (key → JSON value). */
export interface SettingTable {
  key: string;
  value: string;
}

/** Persons appointed by the committee (被任命人员), rated in 履职评议. */
export interface AppointeeTable {
  id: Generated<number>;
  name: string;
  office: string;
  body_id: number | null;
  appointed_on: string | null;
  left_on: string | null;
  note: string | null;
  created_at: string;
}

export interface PlanItemTable {
  id: Generated<number>;
  year: number;
  position: number;
  kind: PlanKind;
  title: string;
  lead_body_id: number | null;
  planned_month: number | null;
  notes: string | null;
  created_at: string;
}

/** A subject of a plan item or of a rated row: a body or an appointed person, never both. */
export interface PlanItemSubjectTable {
  plan_item_id: number;
  position: number;
  body_id: number | null;
  appointee_id: number | null;
}

export interface SpeechTable {
  id: Generated<number>;
  agenda_item_id: number;
  position: number;
  member_id: number;
  points: string;
  created_at: string;
}

export interface OpinionTable {
  id: Generated<number>;
  agenda_item_id: number;
  title: string;
  lead_body_id: number | null;
  assessment: string;
  recommendations: string;
  /** JSON array of strings (抄报市委, 抄送 …). */
  copy_to: string;
  /** Kept equal to the replay of opinion_event (the machine); stored for filtering. */
  status: OpinionStatus;
  approved_on: string | null;
  sent_on: string | null;
  deadline: string | null;
  rehearing_agenda_item_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface OpinionBodyTable {
  opinion_id: number;
  position: number;
  body_id: number;
}

export interface OpinionProblemTable {
  id: Generated<number>;
  opinion_id: number;
  position: number;
  text: string;
  body_id: number;
}

export interface HandlingReportTable {
  id: Generated<number>;
  opinion_id: number;
  round: number;
  received_on: string;
  summary: string | null;
  created_at: string;
}

export interface RectificationTable {
  report_id: number;
  problem_id: number;
  measures: string;
  status: RectificationStatus;
}

export interface OpinionFileTable {
  id: Generated<number>;
  opinion_id: number;
  report_id: number | null;
  problem_id: number | null;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  created_at: string;
}

export interface OpinionEventTable {
  id: Generated<number>;
  opinion_id: number;
  kind: OpinionEventKind;
  on_date: string;
  actor: string;
  reason: string;
  /** JSON of the kind's own fields (shared/domain/supervision/opinion-machine.ts). */
  data: string;
  recorded_at: string;
}

/** Which subject a rated row of a poll's sheet rates (both null: none, as a clerk decided). */
export interface PollTargetSubjectTable {
  poll_id: number;
  target_key: string;
  body_id: number | null;
  appointee_id: number | null;
}

export interface Database {
  term: TermTable;
  member: MemberTable;
  body: BodyTable;
  meeting: MeetingTable;
  agenda_item: AgendaItemTable;
  paper: PaperTable;
  attendance: AttendanceTable;
  attendee: AttendeeTable;
  poll: PollTable;
  ballot: BallotTable;
  ballot_stage: BallotStageTable;
  receipt_stage: ReceiptTable;
  poll_receipt: ReceiptTable;
  roll_stage: RollStageTable;
  named_stage: NamedStageTable;
  poll_entitled: PollMemberTable;
  poll_voter: PollMemberTable;
  named_vote: NamedVoteTable;
  paper_sheet: PaperSheetTable;
  poll_result: PollResultTable;
  credential: CredentialTable;
  setting: SettingTable;
  export_file: ExportFileTable;
  appointee: AppointeeTable;
  plan_item: PlanItemTable;
  plan_item_subject: PlanItemSubjectTable;
  speech: SpeechTable;
  opinion: OpinionTable;
  opinion_body: OpinionBodyTable;
  opinion_problem: OpinionProblemTable;
  handling_report: HandlingReportTable;
  rectification: RectificationTable;
  opinion_file: OpinionFileTable;
  opinion_event: OpinionEventTable;
  poll_target_subject: PollTargetSubjectTable;
}
