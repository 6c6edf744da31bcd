import type { ChatController } from '../chat-controller-types.js';
import type { Overlay } from '../chat-state.js';
import type { PickerModel } from '../picker-model.js';
import { ChoiceDialog } from './choice-dialog.js';
import { CredentialForm } from './credential-form.js';
import { LoginProgress } from './login-progress.js';
import { ModelPicker } from './model-picker.js';
import { NoticeModal } from './notice-modal.js';

/** The open dialog, if any. */
export function OverlayView({
  overlay,
  models,
  height,
  controller,
}: {
  overlay: Overlay;
  models: readonly PickerModel[];
  height: number;
  controller: ChatController;
}) {
  switch (overlay.type) {
    case 'none':
      return null;
    case 'model-picker':
      return (
        <ModelPicker
          models={models}
          filter={overlay.filter}
          selectedId={overlay.selectedId}
          height={height}
          controller={controller}
        />
      );
    case 'choice':
      return (
        <ChoiceDialog
          title={overlay.title}
          choices={overlay.choices}
          selected={overlay.selected}
          controller={controller}
        />
      );
    case 'fallback-offer':
      return (
        <ChoiceDialog
          title={overlay.message}
          choices={overlay.choices}
          selected={overlay.selected}
          controller={controller}
        />
      );
    case 'form':
      return (
        <CredentialForm
          title={overlay.title}
          fields={overlay.fields}
          fieldIndex={overlay.fieldIndex}
          values={overlay.values}
          field={overlay.field}
          controller={controller}
        />
      );
    case 'login-progress':
      return <LoginProgress {...overlay} controller={controller} />;
    case 'modal':
      return <NoticeModal tone={overlay.tone} title={overlay.title} lines={overlay.lines} controller={controller} />;
  }
}
