// Placeholder until the phone helper lands its implementation.
public enum PhoneNumbersPlaceholder {}
