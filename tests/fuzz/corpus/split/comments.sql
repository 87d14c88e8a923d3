/*!40101 SET x=1 */;
SELECT 1--1;
SELECT 'it''s -- not';
