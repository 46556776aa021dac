import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  className?: string;
  /** Renders the control with the id its label points at. */
  children: (id: string) => ReactNode;
}

/**
 * A label tied to its control by id rather than by wrapping it: a wrapped <select> would add its
 * current option to the label a screen reader announces ("Camera Tất cả").
 */
export function Field({ label, className, children }: FieldProps) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
