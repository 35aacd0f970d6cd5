//! Where each setting's value comes from, so that an error can say so.

use std::collections::{HashMap, HashSet};

use crate::config::error::Origin;

/// The variables one run reads: the environment, and `.env` for names the environment lacks.
pub(super) struct Variables {
    values: HashMap<String, String>,
    from_dot_env: HashSet<String>,
}

impl Variables {
    pub(super) fn new(
        environment: impl IntoIterator<Item = (String, String)>,
        dot_env: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let mut values: HashMap<String, String> = environment.into_iter().collect();
        let mut from_dot_env = HashSet::new();
        for (name, value) in dot_env {
            if !values.contains_key(&name) {
                values.insert(name.clone(), value);
                from_dot_env.insert(name);
            }
        }
        Self {
            values,
            from_dot_env,
        }
    }

    pub(super) fn value(&self, variable: &str) -> Option<&String> {
        self.values.get(variable)
    }

    pub(super) fn origin(&self, variable: &str) -> Origin {
        if self.from_dot_env.contains(variable) {
            Origin::DotEnv
        } else if self.values.contains_key(variable) {
            Origin::Environment
        } else {
            Origin::Default
        }
    }
}
