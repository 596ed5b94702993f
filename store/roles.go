package store

import (
	"slices"
	"strings"
	"time"
)

// Roles a person signs in with. The names people read are report's.
const (
	RoleKeyer      = "keyer"            // keys papers (计票人)
	RoleChief      = "chief-scrutineer" // settles disputes, closes rounds (总监票人)
	RoleScrutineer = "scrutineer"       // watches and confirms (监票人)
	RoleCaller     = "caller"           // reads each paper aloud (唱票人)
	RolePresiding  = "presiding"        // chairs the meeting; confirms (会议主持人)
	RoleOffice     = "office"           // the election office: brings ballot files (选举办公室)
	// RoleImporter is the role imports signed in with before roles were
	// enforced; files of those rules keep it.
	RoleImporter = "importer"
)

// Roles are the roles a person may sign in with, in the order a sheet
// lists them.
var Roles = []string{RoleChief, RoleScrutineer, RoleKeyer, RoleCaller, RolePresiding, RoleOffice}

// Rules of who may do what a count file follows, fixed when it is made.
const (
	// RulesNone: files made before roles were enforced. Any name may do
	// anything; their sheets say so.
	RulesNone = 0
	// RulesRoles: the table in Permissions (docs/roles.md), PINs at
	// sign-in, and a second person's confirmation of the chief's acts.
	RulesRoles = 1
)

// Permission is one row of the table of who may do what: an event kind,
// the roles that may record it, the roles that confirm it (none: it needs
// no confirmation), and the further rules, in words.
type Permission struct {
	Kind    EventKind
	By      []string // nil: recorded by the program itself, not by a person
	Confirm []string
	Rule    string
	RuleZH  string
}

// confirmers are the people whose confirmation makes the chief's acts
// stand: a scrutineer or the presiding officer.
var confirmers = []string{RoleScrutineer, RolePresiding}

// Permissions is the one table of who may do what (docs/roles.md prints
// it; a test keeps the two the same). Later work adds rows here, never
// rules elsewhere.
var Permissions = []Permission{
	{Kind: EventElectionCreated, Rule: "the program, from the election file (tally new)", RuleZH: "由程序根据选举文件创建（tally new）"},
	{Kind: EventRoundOpened, Rule: "the program: the first round when the file is made, each next one as the round before closes", RuleZH: "由程序开启：建文件时开第一轮，每轮结束时开下一轮"},
	{Kind: EventTellerSignedIn, By: Roles,
		Rule:   "anyone, with a PIN of 4 to 6 digits (chosen at the first sign-in); one role a person; one chief scrutineer; a candidate cannot be a scrutineer or the chief",
		RuleZH: "任何人，凭 4 至 6 位数字的 PIN（首次签到时自设）；每人一个身份；总监票人只有一名；候选人不得担任监票人或总监票人"},
	{Kind: EventBallotKeyed, By: []string{RoleKeyer},
		Rule:   "keyers only; a paper's second keying by a keyer other than the first; a third by a keyer who keyed neither, or by the chief scrutineer where the election file's [table] sets chief_keys_third = true",
		RuleZH: "只有计票人录入；同一张选票的第二次录入须由另一名计票人；第三次录入须由前两次之外的计票人，选举文件 [table] 设 chief_keys_third = true 时也可由总监票人录入"},
	{Kind: EventKeyingsResolved, By: []string{RoleChief}, Confirm: confirmers,
		Rule:   "the chief scrutineer, who did not key the paper",
		RuleZH: "总监票人（本人未录入该选票）"},
	{Kind: EventBallotVoided, By: []string{RoleChief}, Confirm: confirmers,
		Rule: "the chief scrutineer, with a reason", RuleZH: "总监票人，须说明理由"},
	{Kind: EventBallotsImported, By: []string{RoleOffice, RoleChief}, Confirm: confirmers,
		Rule:   "the election office or the chief; into a round keyed twice, only the chief, with the reason the sheet prints (the papers are then not keyed at the table)",
		RuleZH: "选举办公室或总监票人；导入须录入两次的一轮时，只能由总监票人导入并说明理由（报告单照印），这些选票不在计票台录入"},
	{Kind: EventRoundClosed, By: []string{RoleChief}, Confirm: confirmers,
		Rule: "the chief scrutineer, with no other proposal waiting; while a close waits for its confirmation nothing else is recorded in the round, and at the confirmation the round must still count to the result proposed", RuleZH: "总监票人，且无其他待确认的提议；结束本轮待确认期间，本轮不再记录其他操作，确认时本轮计票结果须与提议时相同"},
	{Kind: EventFiguresSet, By: []string{RoleChief}, Confirm: confirmers,
		Rule: "the chief scrutineer (present, voted, issued, returned…)", RuleZH: "总监票人（实到、参加投票、发出、收回等人数）"},
	{Kind: EventLotDrawn, By: []string{RoleChief}, Confirm: confirmers,
		Rule: "the chief scrutineer, who draws the lot in the hall", RuleZH: "总监票人当场抽签"},
	{Kind: EventConfirmed, By: confirmers,
		Rule:   "a scrutineer or the presiding officer, not the person who proposed it; a hand-over is confirmed by the incoming chief",
		RuleZH: "监票人或会议主持人，不得是提出者本人；交接由接任的总监票人确认"},
	{Kind: EventRefused, By: confirmers,
		Rule: "a scrutineer or the presiding officer; or the proposer, withdrawing it", RuleZH: "监票人或会议主持人；或提出者本人撤回"},
	{Kind: EventSignInRefused, Rule: "the program, when a PIN is wrong or tried while locked out (3 wrong since the person last signed in lock the name for 5 minutes, and end their sitting; a try while locked does not lengthen it)", RuleZH: "由程序记录：PIN 错误，或在锁定期间尝试（自上次签到起 3 次错误即锁定该姓名 5 分钟，须重新签到；锁定期间的尝试不延长锁定）"},
	{Kind: EventRoleChanged, By: Roles,
		Rule: "the person, for themselves, between rounds (not in a round they have acted in); never to chief (that is a hand-over)", RuleZH: "本人，在两轮之间（本轮已有操作则不可）；不能改为总监票人（须交接）"},
	{Kind: EventChiefHandedOver, By: []string{RoleChief}, Confirm: []string{"the incoming chief"},
		Rule: "the chief scrutineer, to a person signed in who is not a candidate, one hand-over at a time, confirmed while the proposer is still chief; the outgoing chief becomes a scrutineer", RuleZH: "总监票人交给已签到且非候选人的人；一次只有一项交接，确认时提出者须仍为总监票人；原总监票人改为监票人"},
}

// Objections (a scrutineer's third kind of write) come with the
// procedures around a count: their row joins the table then.

// permission finds a kind's row.
func permission(k EventKind) *Permission {
	for i := range Permissions {
		if Permissions[i].Kind == k {
			return &Permissions[i]
		}
	}
	return nil
}

// needsConfirmation says whether an event waits for a second person.
func (s *State) needsConfirmation(ev *Event) bool {
	if s.Rules < RulesRoles {
		return false
	}
	p := permission(ev.Kind)
	return p != nil && len(p.Confirm) > 0
}

// Proposal is an act of the chief's recorded but waiting for a second
// person's confirmation: it takes effect when confirmed.
type Proposal struct {
	Event Event
}

// MaxPINTries wrong PINs in a row lock a name for PINLockout.
const (
	MaxPINTries = 3
	PINLockout  = 5 * time.Minute
)

// pinFailures is a name's wrong PINs since it last signed in.
type pinFailures struct {
	n    int
	last time.Time
}

// RoleOf is the role a person holds now ("" if they have not signed in).
func (s *State) RoleOf(name string) string { return s.people[name] }

// Chief is the chief scrutineer signed in now ("" if none).
func (s *State) Chief() string { return s.chief }

// isCandidate says whether a name stands in the election.
func (s *State) isCandidate(name string) bool {
	for _, o := range s.Election.Offices {
		if slices.Contains(o.Candidates, name) {
			return true
		}
	}
	return false
}

// checkWho applies the table of who may do what to an event (files that
// follow RulesRoles): the role the journal gives its author, and the
// rules of its row. It changes nothing.
func (s *State) checkWho(ev *Event) error {
	p := permission(ev.Kind)
	if p == nil {
		return refuse("unknown event kind %d", ev.Kind)
	}
	switch ev.Kind {
	case EventElectionCreated, EventRoundOpened, EventSignInRefused:
		if ev.Who != "" && ev.Kind != EventSignInRefused {
			return refuse("%s is recorded by the program, not by a person", ev.Kind)
		}
		return nil
	case EventTellerSignedIn:
		return s.checkSignIn(ev)
	}
	role := s.people[ev.Who]
	if ev.Who == "" || role == "" {
		return refuse("%s has not signed in", nameOr(ev.Who))
	}
	if ev.Kind == EventConfirmed {
		return s.checkConfirm(ev, role)
	}
	if ev.Kind == EventRefused {
		prop, ok := s.pending[ev.Ref]
		if !ok {
			return refuse("event %d is not a proposal waiting for confirmation: there is nothing to refuse", ev.Ref)
		}
		if ev.Who != prop.Who && !slices.Contains(confirmers, role) {
			return refuse("%s is %s: only a scrutineer or the presiding officer refuses a proposal (or its proposer withdraws it)", ev.Who, roleWord(role))
		}
		if strings.TrimSpace(ev.Note) == "" {
			return refuse("refusing a proposal needs the reason")
		}
		return nil
	}
	if ev.Kind == EventRoleChanged {
		return s.checkRoleChange(ev, role)
	}
	chiefThird := ev.Kind == EventBallotKeyed && role == RoleChief && ev.Keying == 3 && s.table.ChiefKeysThird
	if !slices.Contains(p.By, role) && !chiefThird {
		if ev.Kind == EventBallotKeyed && role == RoleChief && ev.Keying == 3 {
			return refuse("%s is the chief scrutineer: a third keying is a keyer's unless the election file's [table] sets chief_keys_third = true", ev.Who)
		}
		return refuse("%s is %s: %s is recorded by %s only", ev.Who, roleWord(role), ev.Kind, rolesWord(p.By))
	}
	switch ev.Kind {
	case EventBallotKeyed:
		r := s.Open()
		if r == nil {
			return nil // checkRound says no round is open
		}
		if b := r.Ballots[ev.Ballot]; b != nil && b.Status != BallotVoided {
			for _, k := range b.active() {
				if k.Who == ev.Who {
					return refuse("%s keyed ballot %d already: each keying of a paper is by another keyer", ev.Who, ev.Ballot)
				}
			}
		}
	case EventKeyingsResolved:
		if r := s.Open(); r != nil {
			if b := r.Ballots[ev.Ballot]; b != nil {
				for i, k := range b.Keyings {
					// The chief's own third keying (where [table] allows
					// it) is the arbiter's, and the chief then decides.
					if k.Who == ev.Who && !(i >= 2 && s.table.ChiefKeysThird) {
						return refuse("%s keyed ballot %d: a dispute is decided by someone who did not key the paper", ev.Who, ev.Ballot)
					}
				}
			}
		}
	case EventBallotsImported:
		if r := s.Open(); r != nil && r.Mode == KeyingDouble {
			if role != RoleChief {
				return refuse("round %d is keyed twice: only the chief scrutineer may import papers into it, with the reason", r.Number)
			}
			if strings.TrimSpace(ev.Note) == "" {
				return refuse("round %d is keyed twice: importing papers that will not be keyed needs the reason, which the sheet prints", r.Number)
			}
		}
	case EventChiefHandedOver:
		t := strings.TrimSpace(ev.Target)
		switch {
		case t == "" || t == ev.Who:
			return refuse("a hand-over names the incoming chief scrutineer, another person")
		case s.people[t] == "":
			return refuse("%s has not signed in: the incoming chief signs in first", t)
		case s.isCandidate(t):
			return refuse("%s is a candidate: a candidate cannot be the chief scrutineer", t)
		}
	}
	return nil
}

func (s *State) checkSignIn(ev *Event) error {
	name := strings.TrimSpace(ev.Who)
	if name == "" {
		return refuse("a name is needed to sign in")
	}
	if !slices.Contains(Roles, ev.Role) {
		return refuse("%q is not a role: expected one of %s", ev.Role, strings.Join(Roles, ", "))
	}
	if held := s.people[name]; held != "" && held != ev.Role {
		return refuse("%s is signed in as %s: one person holds one role; a change of role is its own event, between rounds", name, roleWord(held))
	}
	if (ev.Role == RoleScrutineer || ev.Role == RoleChief) && s.isCandidate(name) {
		return refuse("%s is a candidate: a candidate cannot be %s", name, roleWord(ev.Role))
	}
	if ev.Role == RoleChief && s.chief != "" && s.chief != name {
		return refuse("%s is the chief scrutineer: a new chief takes over by a hand-over that both confirm", s.chief)
	}
	return nil
}

func (s *State) checkConfirm(ev *Event, role string) error {
	prop, ok := s.pending[ev.Ref]
	if !ok {
		return refuse("event %d is not a proposal waiting for confirmation: there is nothing to confirm", ev.Ref)
	}
	if prop.Who == ev.Who {
		return refuse("%s proposed event %d: a confirmation comes from a second person", ev.Who, ev.Ref)
	}
	if prop.Kind == EventChiefHandedOver {
		if ev.Who != prop.Target {
			return refuse("the hand-over of event %d is to %s: only they confirm it", ev.Ref, prop.Target)
		}
		return nil
	}
	if !slices.Contains(confirmers, role) {
		return refuse("%s is %s: only a scrutineer or the presiding officer confirms the chief's acts", ev.Who, roleWord(role))
	}
	return nil
}

func (s *State) checkRoleChange(ev *Event, role string) error {
	switch {
	case !slices.Contains(Roles, ev.Role):
		return refuse("%q is not a role: expected one of %s", ev.Role, strings.Join(Roles, ", "))
	case ev.Role == role:
		return refuse("%s is %s already", ev.Who, roleWord(role))
	case ev.Role == RoleChief || role == RoleChief:
		return refuse("the chief scrutineer changes by a hand-over that both confirm, not by a change of role")
	case ev.Role == RoleScrutineer && s.isCandidate(ev.Who):
		return refuse("%s is a candidate: a candidate cannot be a scrutineer", ev.Who)
	}
	if r := s.Open(); r != nil && r.actedIn[ev.Who] {
		return refuse("%s has acted as %s in round %d: a role changes between rounds", ev.Who, roleWord(role), r.Number)
	}
	return nil
}

// roleWord names a role in a refusal: "a keyer", "the chief scrutineer".
func roleWord(role string) string {
	switch role {
	case RoleChief:
		return "the chief scrutineer"
	case RolePresiding:
		return "the presiding officer"
	case RoleOffice:
		return "the election office"
	case "":
		return "not signed in"
	}
	return "a " + role
}

func rolesWord(roles []string) string {
	var w []string
	for _, r := range roles {
		w = append(w, strings.TrimPrefix(strings.TrimPrefix(roleWord(r), "a "), "the "))
	}
	return strings.Join(w, " or ")
}

func nameOr(n string) string {
	if n == "" {
		return "nobody"
	}
	return n
}
