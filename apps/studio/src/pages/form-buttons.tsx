import type { ComponentType } from 'react';
import type { IconButtonProps, TemplatesType } from '@rjsf/utils';

/**
 * The form's array buttons (add, remove, move, copy, clear) as words, not icons: the default theme
 * draws them from an icon font the studio does not ship, which left blank squares that a screen
 * reader announced only by their tooltip.
 */
function labelled(label: string): ComponentType<IconButtonProps> {
  function LabelledButton(props: IconButtonProps) {
    // Props for the icon theme only; the rest are the button's own (onClick, disabled, title...).
    const {
      icon: _icon,
      iconType: _iconType,
      uiSchema: _uiSchema,
      registry: _registry,
      className,
      ...rest
    } = props;
    return (
      <button type="button" {...rest} className={`quiet array-button ${className ?? ''}`.trim()}>
        {label}
      </button>
    );
  }
  LabelledButton.displayName = `${label.replace(/\W/g, '')}Button`;
  return LabelledButton;
}

/** Pass as the Form's `templates`. */
export const formTemplates: Partial<Pick<TemplatesType, 'ButtonTemplates'>> = {
  ButtonTemplates: {
    AddButton: labelled('Add'),
    CopyButton: labelled('Copy'),
    MoveDownButton: labelled('Move down'),
    MoveUpButton: labelled('Move up'),
    RemoveButton: labelled('Remove'),
    ClearButton: labelled('Clear'),
  } as TemplatesType['ButtonTemplates'],
};
