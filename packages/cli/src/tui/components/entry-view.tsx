import type { TranscriptEntry } from '../chat-state.js';
import { HelpView } from './help-view.js';
import { LoginStatusList } from './login-status-list.js';
import { AssistantMessage, UserMessage } from './message-view.js';
import { NoticeLine } from './notice-line.js';
import { StatusView } from './status-view.js';

/** One finished transcript entry. */
export function EntryView({ entry }: { entry: TranscriptEntry }) {
  switch (entry.kind) {
    case 'user':
      return <UserMessage text={entry.text} />;
    case 'assistant':
      return <AssistantMessage text={entry.text} modelName={entry.modelName} outcome={entry.outcome} />;
    case 'notice':
      return <NoticeLine text={entry.text} tone={entry.tone} />;
    case 'login-status':
      return <LoginStatusList rows={entry.rows} />;
    case 'help':
      return <HelpView commands={entry.commands} />;
    case 'status':
      return <StatusView lines={entry.lines} />;
  }
}
