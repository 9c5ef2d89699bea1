//! The one error type of the library.

use crate::diag::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input cannot be built: a file, line and column say where and why.
    #[error("{0}")]
    Input(Box<Diagnostic>),
    /// The layout cannot be used (an unknown name, a wrong `layout.yaml`, a
    /// template that does not render): the layout must change, not the
    /// document. The diagnostic points into the layout's file.
    #[error("{0}")]
    Layout(Box<Diagnostic>),
    /// The request itself is wrong (a format that does not exist, `-o -` with
    /// several formats): the command line must change, not the input.
    #[error("{0}")]
    Usage(String),
    /// A writer could not make its output from a good input (a font that
    /// cannot be subset, an archive that cannot be assembled): this
    /// document fails, the others of the build go on.
    #[error("{0}")]
    Write(String),
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Input(Box::new(diagnostic))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The diagnostic of an input or layout error.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Error::Input(diagnostic) | Error::Layout(diagnostic) => Some(diagnostic),
            Error::Usage(_) | Error::Write(_) => None,
        }
    }

    /// This error, an input error made a layout error: for what loading or
    /// rendering a layout reports.
    pub fn in_layout(self) -> Error {
        match self {
            Error::Input(diagnostic) => Error::Layout(diagnostic),
            other => other,
        }
    }
}
