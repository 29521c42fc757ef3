public enum UContactSimulatorPlaceholder {}
