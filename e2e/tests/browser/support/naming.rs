//! Each browser test is known by its function's name (artefacts, failure messages), taken from
//! the function itself rather than repeated as a string that can drift from it.

/// The name of the function this is written in: `browser_test(test_name!(), |browser, api| …)`.
macro_rules! test_name {
    () => {{
        fn here() {}
        let path = std::any::type_name_of_val(&here);
        let function = path.strip_suffix("::here").unwrap_or(path);
        function.rsplit("::").next().unwrap_or(function)
    }};
}

pub(crate) use test_name;
