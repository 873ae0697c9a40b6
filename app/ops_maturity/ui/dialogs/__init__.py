"""Modal dialogs of the Assess screen: N/A reason, notes and owner, jump to area, unsaved quit."""
