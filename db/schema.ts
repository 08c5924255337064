import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Column names are snake_case as in SQL; nullable
 * columns are `T | null`. Enumerations are checked by the tables (CHECK) and by the
 * contract (zod); here they are plain strings.
 */
export interface TermTable {
  id: Generated<number>;
  name: string;
  level: string;
  start_date: string;
  end_date: string | null;
  created_at: string;
}

export interface MemberTable {
  id: Generated<number>;
  term_id: number;
  name: string;
  role: string;
  status: string;
  seat_order: number;
  note: string | null;
  created_at: string;
}

export interface BodyTable {
  id: Generated<number>;
  name: string;
  kind: string;
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
  status: string;
  created_at: string;
  updated_at: string;
}

export interface AgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  kind: string;
  title: string;
  body_id: number | null;
  notes: string | null;
  vote_kind: string | null;
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
  status: string;
  updated_at: string;
}

export interface PollTable {
  id: Generated<number>;
  agenda_item_id: number;
  series_id: number | null;
  round: number;
  kind: string;
  title: string;
  anonymous: number;
  /** JSON of the poll definition (shared/domain/polls), frozen once the poll opens. */
  definition: string;
  status: string;
  auto_close: number;
  double_entry: number;
  paper_issued: number | null;
  serving_at_open: number | null;
  present_at_open: number | null;
  opened_at: string | null;
  closed_at: string | null;
  released_at: string | null;
  created_at: string;
}

/** No member id, no timestamp, no rowid: see migration 0002. */
export interface BallotTable {
  id: string;
  poll_id: number;
  payload: string;
  source: string;
  /** Chosen by the voting device; null for paper ballots. */
  receipt: string | null;
}

export interface CredentialTable {
  id: Generated<number>;
  meeting_id: number;
  member_id: number;
  code: string;
  status: string;
  issued_at: string;
  revoked_at: string | null;
}

export interface PollVoterTable {
  poll_id: number;
  member_id: number;
}

export interface NamedVoteTable {
  poll_id: number;
  member_id: number;
  ballot_id: string;
}

export interface PaperSheetTable {
  poll_id: number;
  sheet_no: number;
  first_entry: string;
  second_entry: string | null;
  ballot_id: string | null;
}

export interface PollResultTable {
  poll_id: number;
  result: string;
  ballot_count: number;
  digest: string;
  sealed_at: string;
}

export interface Database {
  term: TermTable;
  member: MemberTable;
  body: BodyTable;
  meeting: MeetingTable;
  agenda_item: AgendaItemTable;
  paper: PaperTable;
  attendance: AttendanceTable;
  poll: PollTable;
  ballot: BallotTable;
  poll_voter: PollVoterTable;
  named_vote: NamedVoteTable;
  paper_sheet: PaperSheetTable;
  poll_result: PollResultTable;
  credential: CredentialTable;
}
