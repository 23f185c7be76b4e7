"""Filing, editing, submitting and finding proposals, their attachments and the procedure they
follow."""
