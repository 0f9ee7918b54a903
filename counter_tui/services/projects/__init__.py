"""Key projects (重点项目, the green channel 绿色通道, docs/rules.md §23): the register of
projects with their liaison, the cases and bundle cases linked to them, and each project's
progress board and progress table (进度表)."""
