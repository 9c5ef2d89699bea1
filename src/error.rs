//! The one error type of the library.

use crate::diag::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input cannot be built: a file, line and column say where and why.
    #[error("{0}")]
    Input(Box<Diagnostic>),
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
    /// The diagnostic of an input error.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Error::Input(diagnostic) => Some(diagnostic),
            Error::Usage(_) | Error::Write(_) => None,
        }
    }
}
