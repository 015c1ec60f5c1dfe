"use client";
import { type ReactNode, useEffect, useRef } from "react";

/**
 * A modal on the native <dialog>: focus trapping, Escape and the backdrop come from the browser, so the app
 * carries no focus-management code of its own.
 */
export function Dialog(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  footer: ReactNode;
  wide?: boolean;
  labelledBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { open, onClose } = props;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const titleId = `dlg-${props.title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      className={props.wide ? "dialog dialog-wide" : "dialog"}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <div className={props.children ? "dialog-head" : "dialog-head dialog-head-only"}>
            <h2 id={titleId}>{props.title}</h2>
            {props.description && <p>{props.description}</p>}
          </div>
          {props.children && <div className="dialog-body">{props.children}</div>}
          <div className="dialog-foot">{props.footer}</div>
        </>
      )}
    </dialog>
  );
}
