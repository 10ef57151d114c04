// The one list of step plugins compiled into sojourn. To add a plugin, create its
// folder under Plugins/ (`sojourn plugins new NAME` does it) and add its type here.
public import SojournKit
import AgreementStep
import ApprovalStep
import FeedbackStep
import GoalsStep
import KnowledgeShareStep
import MeetingStep
import MentorMatchStep
import MilestonesStep
import NotifyStep
import NudgeStep
import OutcomeStep
import QuestionnaireStep
import RecognitionStep
import SurveyStep
import TaskStep
import VisaStep

/// Every step plugin this build of Sojourn includes.
public let compiledPlugins: [any StepPlugin.Type] = [
    AgreementPlugin.self,
    ApprovalPlugin.self,
    FeedbackPlugin.self,
    GoalsPlugin.self,
    KnowledgeSharePlugin.self,
    MeetingPlugin.self,
    MentorMatchPlugin.self,
    MilestonesPlugin.self,
    NotifyPlugin.self,
    NudgePlugin.self,
    OutcomePlugin.self,
    QuestionnairePlugin.self,
    RecognitionPlugin.self,
    SurveyPlugin.self,
    TaskPlugin.self,
    VisaPlugin.self,
]
