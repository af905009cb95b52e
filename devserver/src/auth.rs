//! Bearer JWTs (HS256) signed with a local secret, like drush.io's account tokens:
//! they name their purpose and never expire.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// What the token is for, e.g. "chatbot integration".
    name: String,
    iat: u64,
    /// Makes every issued token distinct.
    jti: String,
}

pub struct Auth {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl Auth {
    pub fn from_secret(secret: &[u8]) -> Result<Self, String> {
        let mut validation = Validation::new(Algorithm::HS256);
        // drush.io tokens are valid until revoked: no `exp`.
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        let refused = |e: jsonwebtoken::errors::Error| format!("unusable secret: {e}");
        Ok(Self {
            encoding: EncodingKey::from_secret(secret).map_err(refused)?,
            decoding: DecodingKey::from_secret(secret).map_err(refused)?,
            validation,
        })
    }

    /// Reads the secret file, creating it (mode 0600, random content) when missing.
    pub fn load_or_create(path: &Path) -> Result<Self, String> {
        let describe = |e: std::io::Error| format!("secret file {}: {e}", path.display());
        if !path.exists() {
            create_secret_file(path).map_err(describe)?;
        }
        let secret = std::fs::read_to_string(path).map_err(describe)?;
        let secret = secret.trim();
        if secret.is_empty() {
            return Err(format!("secret file {} is empty", path.display()));
        }
        Self::from_secret(secret.as_bytes())
    }

    /// A new token; `name` says what it is for.
    pub fn issue(&self, name: &str) -> Result<String, String> {
        let claims = Claims {
            name: name.to_owned(),
            iat: crate::util::unix_now(),
            jti: uuid::Uuid::new_v4().to_string(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| format!("cannot sign a token: {e}"))
    }

    pub fn is_valid(&self, token: &str) -> bool {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).is_ok()
    }
}

fn create_secret_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(hex.as_bytes())?;
    file.write_all(b"\n")
}

/// Middleware: every API request needs `Authorization: Bearer <valid token>`.
pub async fn require_token(
    State(auth): State<Arc<Auth>>,
    request: Request,
    next: Next,
) -> Response {
    let token = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim);
    match token {
        None => ApiError::unauthorized("an `Authorization: Bearer <token>` header is required")
            .into_response(),
        Some(token) if !auth.is_valid(token) => {
            ApiError::unauthorized("the token is not valid for this server").into_response()
        }
        Some(_) => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_others_do_not() {
        let auth = Auth::from_secret(b"one secret").unwrap();
        let token = auth.issue("chatbot integration").unwrap();
        assert!(auth.is_valid(&token));
        assert!(!Auth::from_secret(b"another secret")
            .unwrap()
            .is_valid(&token));
        assert!(!auth.is_valid("not.a.token"));
        assert_ne!(token, auth.issue("chatbot integration").unwrap());
    }

    #[test]
    fn secret_file_is_created_private_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("devserver-secret-{}", uuid::Uuid::new_v4()));
        let path = dir.join("nested").join("secret");
        let first = Auth::load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let token = first.issue("x").unwrap();
        assert!(Auth::load_or_create(&path).unwrap().is_valid(&token));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
