public enum DialerIngestPlaceholder {}
