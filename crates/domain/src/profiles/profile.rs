use crate::values::{Bio, ImageUrl, Username};

/// A user as one viewer sees them: the public fields, and whether that viewer follows them
/// (always `false` for an anonymous viewer). Articles and comments carry their author this way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub username: Username,
    pub bio: Option<Bio>,
    pub image: Option<ImageUrl>,
    pub following: bool,
}
