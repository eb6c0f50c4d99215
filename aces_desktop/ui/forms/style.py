"""The few colours the forms use. Meaning is never carried by colour alone: every banner
and marker also has an icon or words."""

ERROR_TEXT = "color: #b00020;"
BANNER_ERROR = (
    "background: #fdecea; color: #5f2120; border: 1px solid #f5c2c0; "
    "border-radius: 4px; padding: 6px;"
)
BANNER_INFO = (
    "background: #e8f1fb; color: #0b3a66; border: 1px solid #b9d4f0; "
    "border-radius: 4px; padding: 6px;"
)
BANNER_SEALED = (
    "background: #fff4e5; color: #663c00; border: 1px solid #ffd699; "
    "border-radius: 4px; padding: 6px;"
)
OVERDUE_BACKGROUND = "#fde2e1"
OVERDUE_FOREGROUND = "#8a1c13"
