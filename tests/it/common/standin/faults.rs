//! The faults a test can queue: REST errors as Discord sends them, and gateway events that
//! break the live connection.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::rest::error_body;

/// A REST fault for the next call to an endpoint.
#[derive(Debug, Clone)]
pub enum RestFault {
    /// 429 with `retry_after` seconds (body and `Retry-After` header), as Discord sends it.
    RateLimited {
        /// Seconds.
        retry_after: f64,
    },
    /// A 5xx.
    ServerError(u16),
    /// 404 with code 10062, "Unknown interaction" (what an expired token gets).
    UnknownInteraction,
}

/// A gateway fault on the live connection.
#[derive(Debug, Clone, Copy)]
pub enum GatewayFault {
    /// The TCP connection is dropped without a close frame.
    Drop,
    /// A close frame with this code.
    Close(u16),
    /// op 7 RECONNECT.
    Reconnect,
    /// op 9 INVALID SESSION; not resumable forgets the session (the client must IDENTIFY again).
    InvalidSession {
        /// `d`.
        resumable: bool,
    },
}

impl RestFault {
    /// The response Discord would send for this fault.
    pub(super) fn response(self) -> Response {
        match self {
            RestFault::RateLimited { retry_after } => {
                let mut r = (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({
                        "message": "You are being rate limited.",
                        "retry_after": retry_after,
                        "global": false,
                    })),
                )
                    .into_response();
                let h = r.headers_mut();
                h.insert(
                    "retry-after",
                    retry_after.ceil().to_string().parse().unwrap(),
                );
                h.insert("x-ratelimit-scope", "user".parse().unwrap());
                r
            }
            RestFault::ServerError(code) => error_body(
                StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                0,
                "500: Internal Server Error",
            ),
            RestFault::UnknownInteraction => {
                error_body(StatusCode::NOT_FOUND, 10062, "Unknown interaction")
            }
        }
    }
}
