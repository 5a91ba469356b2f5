//! Bearer tokens of the keyholder API as an extractor: a handler that takes a [`Keyholder`]
//! argument only runs for a configured token (checked by [`crate::server::tokens`]).

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use futures_util::future::{Ready, ready};

use super::error::ApiError;
use crate::server::state::AppState;
use crate::server::tokens::AuthResult;

/// The keyholder whose token authorised this request (their config name).
pub struct Keyholder(pub String);

impl FromRequest for Keyholder {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Err(ApiError::Internal("no state")));
        };
        let h = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        ready(match state.tokens.check(h) {
            AuthResult::Ok(name) => Ok(Keyholder(name)),
            AuthResult::Denied => Err(ApiError::Unauthorized),
            AuthResult::Throttled(secs) => Err(ApiError::Throttled(secs)),
        })
    }
}
