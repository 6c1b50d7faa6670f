// OSVMTUI: the workbench (issue 5).
