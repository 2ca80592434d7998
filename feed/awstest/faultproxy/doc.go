// Package faultproxy is a fault-injecting HTTP reverse proxy for the tests
// of tailtop's AWS feeds and of metric publishing. It listens on 127.0.0.1,
// forwards each request to one upstream (an emulator, an in-project test
// server), and answers some requests with a fault chosen by a programmable
// schedule, keyed by operation (the X-Amz-Target header of JSON 1.1
// services, or the last segment of an RPC v2 CBOR path) and by the call's
// number for that operation:
//
//   - Throttle: the service's own throttling error (Kinesis
//     ProvisionedThroughputExceededException on data calls,
//     LimitExceededException on control calls; CloudWatch Logs
//     ThrottlingException; CloudWatch Throttling);
//   - ServerError: 500 InternalFailure;
//   - Timeout: the request is held unanswered (longer than a client's
//     timeout), with or without reaching the service first;
//   - Reset: the TCP connection is closed (with an RST) after a number of
//     bytes of the service's answer, in the middle of an event stream;
//   - Malformed: a body the client cannot decode: truncated JSON, garbage
//     CBOR, an event-stream frame with a bad checksum;
//   - ExpiredToken: 400 ExpiredTokenException (CloudWatch: ExpiredToken), as
//     the service answers a request signed with expired credentials.
//
// Faults answered by the proxy alone never reach the service, so the test
// knows the service did not act on the request; Fault.Forward says when
// the service did (the ambiguous cases a client cannot tell apart from the
// others).
package faultproxy
