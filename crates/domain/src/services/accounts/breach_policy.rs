/// What to do about the breached-password check when a password is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BreachPolicy {
    /// Do not ask the breach service at all.
    Off,
    /// Reject breached passwords; if the service cannot be reached, accept the password and log
    /// a warning (availability over strictness).
    #[default]
    FailOpen,
    /// Reject breached passwords; if the service cannot be reached, refuse the change.
    FailClosed,
}
