//! Which page holds a playground. The full page, the page in another site's
//! iframe (`?embed=1`) and a `<backprop-playground>` element run the same
//! app; the host, not the app, owns what lies outside the playground: the
//! address bar, the storage key, and where a copied link points.

/// The host of one playground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// The full page: its address bar holds the session, which is kept
    /// for the next visit.
    Page,
    /// The page in another site's iframe (`?embed=1`): it writes only its
    /// own frame's address, and keeps a session only under the name its
    /// snippet gives (`&persist=NAME`). Two iframes of one snippet are two
    /// playgrounds, each starting as the snippet says: a post's text
    /// describes that start, not a reader's changes in another post.
    Frame { persist: Option<String> },
    /// A `<backprop-playground>` element: never the host page's address or
    /// history; storage only under the name of its `persist` attribute.
    /// `page` is the full page's address (next to the element's script),
    /// which "Copy link" points to.
    Element { persist: Option<String>, page: String },
}

/// The full page's storage key.
const PAGE_KEY: &str = "backprop-playground/session";

impl Host {
    /// Where this playground keeps its session, if anywhere: each host kind
    /// under its own keys, so an embed never reads or overwrites the full
    /// page's kept session.
    pub fn storage_key(&self) -> Option<String> {
        match self {
            Host::Page => Some(PAGE_KEY.to_string()),
            Host::Frame { persist } => persist.as_ref().map(|n| format!("backprop-playground/embed/{n}")),
            Host::Element { persist, .. } => persist.as_ref().map(|n| format!("backprop-playground/element/{n}")),
        }
    }

    /// Whether the playground writes its window's address bar (the full
    /// page, and the iframe inside its own frame).
    pub fn owns_address(&self) -> bool {
        !matches!(self, Host::Element { .. })
    }
}

/// A `persist` name as given (trimmed, at most 40 characters), or none for
/// an empty one.
pub fn persist_name(given: Option<String>) -> Option<String> {
    given
        .map(|n| n.trim().chars().take(40).collect::<String>())
        .filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_host_keeps_its_session_under_its_own_key_or_none() {
        let element = |persist: Option<&str>| Host::Element {
            persist: persist.map(String::from),
            page: "https://blog.example/playground/".into(),
        };
        let keys = [
            Host::Page.storage_key(),
            Host::Frame { persist: None }.storage_key(),
            Host::Frame {
                persist: Some("post-1".into()),
            }
            .storage_key(),
            element(None).storage_key(),
            element(Some("post-1")).storage_key(),
        ];
        assert_eq!(
            keys,
            [
                Some("backprop-playground/session".to_string()),
                None,
                Some("backprop-playground/embed/post-1".to_string()),
                None,
                Some("backprop-playground/element/post-1".to_string()),
            ]
        );
        assert!(Host::Page.owns_address() && Host::Frame { persist: None }.owns_address());
        assert!(!element(None).owns_address());
    }

    #[test]
    fn a_persist_name_is_trimmed_and_bounded() {
        assert_eq!(persist_name(Some("  post-1 ".into())), Some("post-1".into()));
        assert_eq!(persist_name(Some("   ".into())), None);
        assert_eq!(persist_name(Some("x".repeat(100))).map(|n| n.len()), Some(40));
        assert_eq!(persist_name(None), None);
    }
}
