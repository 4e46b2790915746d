"""Products chapter: snapshot, export, upload, sync, archive, status, rejected files, runs, grid."""
